/**
 * The call engine's front door. It owns the API calls, the peer sessions, the microphone and the
 * timers; React reads `store` through selectors and calls these methods, nothing else. Push events
 * come in through `handle()`; events for calls that are not the current one are dropped.
 */
import type { AgentEvent, CallSummary } from '../../shared/agent-api.ts';
import { can, callIdOf, type CallOutcome, type Party } from '../../shared/call.ts';
import { createInbound } from './inbound.ts';
import { createCallContext } from './leg.ts';
import { createOutbound, scopedCallId, type CallScopedEvent } from './outbound.ts';
import { switchMic } from './mic-switch.ts';
import { createQualityWatch, type QualityFeed } from './quality-watch.ts';
import type { RemoteMedia } from './remote-media.ts';
import type { CallControllerDeps } from './types.ts';
import type { CallStore } from './call-store.ts';

/** What a monitoring leg may use of the call in progress: both sides' audio, and the track sent to Meta. */
export interface CallTap {
  callId: string;
  mic: MediaStream | null;
  remote: MediaStream | null;
  /** Replaces what is sent to Meta (barge: the mic mixed with the supervisor); no renegotiation. */
  send(track: MediaStreamTrack): Promise<void>;
}

export interface CallController {
  readonly store: CallStore;
  /** The remote party's stream and level, for the <audio> element and the meter. */
  readonly remote: RemoteMedia;
  /** The live call's RTT, jitter, loss, MOS and warnings, measured every second. */
  readonly quality: QualityFeed;
  dial(party: Party): Promise<void>;
  accept(): Promise<void>;
  decline(): Promise<void>;
  hangUp(): Promise<void>;
  toggleMute(): void;
  /** Sends DTMF digits (0–9, *, #) on the active call; false when they cannot be sent now. */
  sendDigits(digits: string): boolean;
  /** Reopens the microphone (the chosen device changed or went away) and swaps it into the call. */
  switchMic(): Promise<void>;
  dismiss(): void;
  handle(event: AgentEvent): void;
  /** The call in progress's media, for a supervisor's monitoring leg (client/monitor); null when none. */
  tap(): CallTap | null;
  /** Shows a call this page lost (reload mid-call) as ended with the server's outcome; only when idle. */
  showEnded(call: CallSummary): void;
  /** After a missed stretch of push events: end the current call if the server says it ended. */
  reconcile(calls: CallSummary[]): void;
  dispose(): void;
}

const defaultMessages: Record<CallOutcome['kind'], string> = {
  completed: 'Call completed.',
  declined: 'The customer declined the call.',
  missed: 'Nobody answered.',
  failed: 'The call failed.',
  taken: 'Another agent answered.',
  cancelled: 'The call was cancelled.',
  rejected: 'Declined by the agent.',
  dropped: 'Ringside ended the call.',
};

export function outcomeOf(call: CallSummary): CallOutcome {
  const kind = call.outcome ?? 'completed';
  return {
    kind,
    message: call.endMessage ?? defaultMessages[kind],
    ...(call.durationSeconds !== null ? { durationSeconds: call.durationSeconds } : {}),
    ...(call.errorCode !== null ? { code: call.errorCode } : {}),
  };
}

export function createCallController(deps: CallControllerDeps): CallController {
  const ctx = createCallContext(deps);
  let selfId: string | null = null;
  const outbound = createOutbound(ctx, (event) => routeScoped(event));
  const inbound = createInbound(ctx);
  const quality = createQualityWatch({ store: deps.store, session: () => ctx.current()?.session ?? null, post: deps.api.postQuality });

  function ended(call: CallSummary) {
    ctx.closeLeg();
    ctx.dispatch({ type: 'ENDED', callId: call.id, outcome: outcomeOf(call) });
  }

  function routeScoped(event: CallScopedEvent) {
    if (scopedCallId(event) !== callIdOf(ctx.state())) return;
    switch (event.type) {
      case 'call.answer':
        return outbound.onAnswer(event.callId, event.sdp);
      case 'call.updated':
        return event.call.status === 'ended' ? ended(event.call) : outbound.onUpdated(event.call);
      case 'call.claimed':
        return inbound.onClaimed(event, selfId);
      case 'call.ended':
        return ended(event.call);
    }
  }

  async function hangUp() {
    const state = ctx.state();
    if (!can(state, 'hangUp') || state.status === 'dialing' || state.status === 'idle' || state.status === 'ended') return;
    ctx.closeLeg();
    const outcome: CallOutcome =
      state.status === 'active'
        ? { kind: 'completed', message: 'You ended the call.', durationSeconds: Math.max(0, Math.round((deps.now() - state.since) / 1000)) }
        : { kind: 'cancelled', message: 'You hung up before the call connected.' };
    ctx.dispatch({ type: 'ENDED', callId: state.callId, outcome });
    try {
      await deps.api.hangUp(state.callId);
    } catch (err) {
      ctx.report('Could not hang up at WhatsApp', err);
    }
  }

  return {
    store: deps.store,
    remote: ctx.remote,
    quality,
    dial: outbound.dial,
    accept: inbound.accept,
    decline: inbound.decline,
    hangUp,
    toggleMute() {
      const state = ctx.state();
      if (state.status !== 'active') return;
      const muted = !state.muted;
      ctx.current()?.mic?.getAudioTracks().forEach((t) => (t.enabled = !muted));
      ctx.dispatch({ type: 'MUTE', muted });
    },
    sendDigits(digits) {
      const session = ctx.current()?.session;
      return ctx.state().status === 'active' && !!session && /^[0-9*#]+$/.test(digits) && session.sendDtmf(digits);
    },
    switchMic: () => switchMic(ctx),
    dismiss: () => ctx.dispatch({ type: 'DISMISS' }),
    handle(event) {
      switch (event.type) {
        case 'hello':
          selfId = event.me.id;
          return;
        case 'contact.updated':
        case 'contacts.reset':
        case 'business-number.updated':
        case 'agent.updated':
        case 'queue.updated':
        case 'call.quality':
        case 'training.timeline':
        case 'monitor.started':
        case 'monitor.signal':
        case 'monitor.ended':
          return;
        case 'call.incoming':
          void inbound.onIncoming(event);
          return;
        default:
          if (outbound.holdEarly(event)) return;
          routeScoped(event);
      }
    },
    tap() {
      const leg = ctx.current();
      const state = ctx.state();
      const callId = callIdOf(state);
      if (state.status !== 'active' || !leg?.session || !callId || !ctx.isCurrent(leg)) return null;
      const session = leg.session;
      return { callId, mic: leg.mic, remote: ctx.remote.getSnapshot().stream, send: (track) => session.attachMic(track) };
    },
    showEnded(call) {
      const party = { waId: call.waId, name: call.contactName, displayNumber: call.displayNumber, businessNumberId: call.businessNumberId };
      ctx.dispatch({ type: 'SHOW_ENDED', callId: call.id, party, outcome: outcomeOf(call) });
    },
    reconcile(calls) {
      const id = callIdOf(ctx.state());
      const call = calls.find((c) => c.id === id);
      if (call?.status === 'ended') ended(call);
    },
    dispose() {
      quality.dispose();
      ctx.dispose();
    },
  };
}
