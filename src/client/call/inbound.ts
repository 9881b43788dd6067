/**
 * User-initiated calls (whatsapp-calling-api.md §10.1). When the call rings we answer Meta's offer at
 * once, with a sendrecv transceiver but no live mic, and pre-accept so ICE and DTLS finish before the
 * agent clicks. Accept then sends the SAME answer SDP; only after the server's 200 does the mic go
 * live, because Meta forbids media before accept. Meta's candidates are held back until Meta has our
 * answer (sdp-candidates.ts), so no connectivity check reaches Meta before it can answer it.
 */
import type { AgentEvent } from '../../shared/agent-api.ts';
import { AppError } from '../../shared/errors.ts';
import { can } from '../../shared/call.ts';
import { assertSendableSdp, CallFailure, describeFailure } from './failures.ts';
import type { CallContext } from './leg.ts';
import { mark, markStart } from '../lib/perf-marks.ts';

export interface Inbound {
  onIncoming(event: Extract<AgentEvent, { type: 'call.incoming' }>): Promise<void>;
  accept(): Promise<void>;
  decline(): Promise<void>;
  onClaimed(event: Extract<AgentEvent, { type: 'call.claimed' }>, selfId: string | null): void;
}

export function createInbound(ctx: CallContext): Inbound {
  async function onIncoming({ call, offerSdp }: Extract<AgentEvent, { type: 'call.incoming' }>) {
    const state = ctx.state();
    if ('callId' in state && state.callId === call.id) return; // repeated push (e.g. after a reconnect)
    if (!can(state, 'dial')) {
      // Busy on another call: tell the server "not me" so it can route or reject.
      void ctx.deps.api.reject(call.id).catch(() => undefined);
      return;
    }
    markStart('ring');
    const leg = ctx.openLeg(call.id);
    // The answer starts before the ring renders: the browser works on Meta's offer meanwhile.
    leg.answer = (async () => {
      const { session, sdp } = await ctx.deps.peers.answerMetaOffer(offerSdp);
      mark('ring', 'answer');
      if (!ctx.isCurrent(leg)) {
        session.close();
        return sdp;
      }
      ctx.bindSession(leg, session);
      assertSendableSdp(sdp);
      return sdp;
    })();
    ctx.dispatch({ type: 'INCOMING', callId: call.id, party: { waId: call.waId, name: call.contactName, displayNumber: call.displayNumber, businessNumberId: call.businessNumberId } });
    try {
      const sdp = await leg.answer;
      if (!ctx.isCurrent(leg)) return;
      mark('ring', 'post');
      const { forwarded } = await ctx.deps.api.preAccept(call.id, sdp);
      // Meta has our answer: ICE and DTLS may start now, before the agent clicks (no clipping).
      // When the server did not forward it (several agents ring), the checks wait for accept.
      if (forwarded && ctx.isCurrent(leg)) await leg.session?.releaseRemoteCandidates();
    } catch (err) {
      if (ctx.isCurrent(leg)) ctx.report('Could not prepare the incoming call', err);
    } finally {
      // The caller's context loads now, not while the answer and the pre-accept are on their way:
      // on one small server its reads would queue ahead of the pre-accept.
      if (ctx.isCurrent(leg)) ctx.dispatch({ type: 'PREPARED', callId: call.id });
    }
  }

  async function accept() {
    const state = ctx.state();
    const leg = ctx.current();
    if (state.status !== 'incoming' || !leg?.answer) return;
    ctx.deps.media.unlock?.();
    const callId = state.callId;
    ctx.dispatch({ type: 'ACCEPT' });
    try {
      const mic = await ctx.deps.media.getMic();
      if (!ctx.isCurrent(leg)) return ctx.returnMic(mic);
      leg.mic = mic;
      const sdp = await leg.answer;
      if (!ctx.isCurrent(leg)) return;
      await ctx.deps.api.accept(callId, sdp);
      const track = mic.getAudioTracks()[0];
      if (!ctx.isCurrent(leg) || !leg.session || !track) return;
      await leg.session.releaseRemoteCandidates();
      await leg.session.attachMic(track);
      if (ctx.isCurrent(leg)) ctx.dispatch({ type: 'ACCEPTED', callId, at: ctx.deps.now() });
    } catch (err) {
      if (!ctx.isCurrent(leg)) return;
      ctx.closeLeg(leg);
      if (err instanceof AppError && err.code === 'conflict') {
        ctx.dispatch({ type: 'ENDED', callId, outcome: { kind: 'taken', message: err.message || 'Another agent answered first.' } });
        ctx.dismissSoon();
        return;
      }
      ctx.dispatch({ type: 'ACCEPT_FAILED', ...describeFailure(err) });
      // We cannot take it (no mic, broken audio): let the server offer it to someone else.
      if (err instanceof CallFailure) void ctx.deps.api.reject(callId).catch(() => undefined);
    }
  }

  async function decline() {
    const state = ctx.state();
    if (state.status !== 'incoming') return;
    ctx.closeLeg();
    ctx.dispatch({ type: 'ENDED', callId: state.callId, outcome: { kind: 'declined', message: 'You declined the call.' } });
    ctx.dismissSoon();
    try {
      await ctx.deps.api.reject(state.callId);
    } catch (err) {
      ctx.report('Could not decline the call', err);
    }
  }

  function onClaimed(event: Extract<AgentEvent, { type: 'call.claimed' }>, selfId: string | null) {
    const state = ctx.state();
    const mine = event.agentId === selfId;
    if (state.status !== 'incoming' && state.status !== 'accepting') return;
    if (mine && state.status === 'accepting') return; // our own accept
    ctx.closeLeg();
    ctx.dispatch({ type: 'TAKEN', callId: event.callId, byName: mine ? 'you in another window' : event.agentName });
    ctx.dismissSoon();
  }

  return { onIncoming, accept, decline, onClaimed };
}
