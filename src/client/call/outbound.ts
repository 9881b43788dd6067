/**
 * Business-initiated calls (whatsapp-calling-api.md §10.2): mic → offer → POST /api/calls → Meta's
 * answer arrives as a `call.answer` push. That push, and even `call.updated`, can beat the POST's
 * response (the server learns the call id from Meta and the webhook may come first), so events for an
 * unknown call id are held while dialing and replayed once the id is known.
 */
import type { AgentEvent, CallSummary } from '../../shared/agent-api.ts';
import { can, type Party } from '../../shared/call.ts';
import { assertSendableSdp, describeFailure } from './failures.ts';
import type { CallContext } from './leg.ts';
import { mark, markStart } from '../lib/perf-marks.ts';

export type CallScopedEvent = Extract<AgentEvent, { type: 'call.answer' | 'call.updated' | 'call.claimed' | 'call.ended' }>;

/** Why 50: a dial lasts seconds; more early events than this means they are not ours. */
const MAX_EARLY_EVENTS = 50;

export interface Outbound {
  dial(party: Party): Promise<void>;
  /** While dialing, keeps events for a call id we do not know yet; true if it kept this one. */
  holdEarly(event: CallScopedEvent): boolean;
  onAnswer(callId: string, sdp: string): void;
  onUpdated(call: CallSummary): void;
}

export function createOutbound(ctx: CallContext, replay: (event: CallScopedEvent) => void): Outbound {
  let early: CallScopedEvent[] = [];

  async function dial(party: Party) {
    if (!can(ctx.state(), 'dial')) return;
    markStart('dial');
    ctx.deps.media.unlock?.();
    ctx.dispatch({ type: 'DIAL', party });
    const leg = ctx.openLeg(null);
    early = [];
    try {
      const mic = await ctx.deps.media.getMic();
      if (!ctx.isCurrent(leg)) return ctx.returnMic(mic);
      leg.mic = mic;
      mark('dial', 'mic');
      const { session, sdp } = await ctx.deps.peers.createBusinessOffer(leg.mic);
      mark('dial', 'offer');
      if (!ctx.isCurrent(leg)) return session.close();
      ctx.bindSession(leg, session);
      assertSendableSdp(sdp);
      mark('dial', 'post');
      const { callId } = await ctx.deps.api.placeCall({ businessNumberId: party.businessNumberId, waId: party.waId, sdp });
      if (!ctx.isCurrent(leg)) {
        void ctx.deps.api.hangUp(callId).catch(() => undefined);
        return;
      }
      mark('dial', 'placed');
      leg.callId = callId;
      ctx.dispatch({ type: 'DIAL_PLACED', callId });
      const mine = early.filter((e) => scopedCallId(e) === callId);
      early = [];
      mine.forEach(replay);
    } catch (err) {
      early = [];
      if (!ctx.isCurrent(leg)) return;
      ctx.closeLeg(leg);
      ctx.dispatch({ type: 'DIAL_FAILED', ...describeFailure(err) });
    }
  }

  return {
    dial,
    holdEarly(event) {
      if (ctx.state().status !== 'dialing') return false;
      if (early.length < MAX_EARLY_EVENTS) early.push(event);
      return true;
    },
    onAnswer(callId, sdp) {
      const leg = ctx.current();
      if (!leg?.session || leg.callId !== callId) return;
      leg.session.applyAnswer(sdp).catch((err: unknown) => {
        if (!ctx.isCurrent(leg)) return;
        ctx.report("Could not use WhatsApp's answer", err);
      });
    },
    onUpdated(call) {
      if (call.status === 'ringing') ctx.dispatch({ type: 'REMOTE_RINGING', callId: call.id });
      if (call.status === 'active') ctx.dispatch({ type: 'REMOTE_ANSWERED', callId: call.id, at: ctx.deps.now() });
    },
  };
}

export function scopedCallId(event: CallScopedEvent): string {
  return event.type === 'call.answer' || event.type === 'call.claimed' ? event.callId : event.call.id;
}
