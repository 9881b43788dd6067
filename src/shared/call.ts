/**
 * The agent's view of one call, as a pure state machine. Every change of the softphone's call
 * state goes through `transition()`; `can()` answers whether an intent is legal right now, so the
 * buttons and the reducer cannot disagree.
 *
 * WhatsApp-aware phases for a business-initiated call (reference §3.3–§3.4, anchors C5): Meta's
 * `connect` webhook (the tunnel) comes before the phone rings, and `ACCEPTED` is the pickup.
 */
import type { CallOutcomeKind } from './call-facts.ts';

/** Who is on the other end. */
export interface Party {
  waId: string;
  name: string;
  /** The customer for people, as the server formatted it (`Contact.displayNumber`). */
  displayNumber: string;
  businessNumberId: string;
}

export type Direction = 'business_initiated' | 'user_initiated';

export type OutcomeKind = CallOutcomeKind;

export interface CallOutcome {
  kind: OutcomeKind;
  /** Plain-language sentence for the agent. */
  message: string;
  durationSeconds?: number;
  /** Meta's error code when Meta gave one (138006, 138021…). */
  code?: number;
}

export type CallState =
  | { status: 'idle' }
  | { status: 'dialing'; party: Party }
  | { status: 'outgoing'; callId: string; party: Party; phase: 'connecting' | 'ringing' }
  /** `prepared`: our answer is made and pre-accepted (or could not be): the page may load the caller's context. */
  | { status: 'incoming'; callId: string; party: Party; prepared: boolean }
  | { status: 'accepting'; callId: string; party: Party }
  | { status: 'active'; callId: string; party: Party; direction: Direction; since: number; muted: boolean }
  | { status: 'ended'; callId: string | null; party: Party; outcome: CallOutcome };

export type CallEvent =
  | { type: 'DIAL'; party: Party }
  | { type: 'DIAL_PLACED'; callId: string }
  | { type: 'DIAL_FAILED'; message: string; code?: number }
  | { type: 'REMOTE_RINGING'; callId: string }
  | { type: 'REMOTE_ANSWERED'; callId: string; at: number }
  | { type: 'INCOMING'; callId: string; party: Party }
  | { type: 'PREPARED'; callId: string }
  | { type: 'ACCEPT' }
  | { type: 'ACCEPTED'; callId: string; at: number }
  | { type: 'ACCEPT_FAILED'; message: string; code?: number }
  | { type: 'TAKEN'; callId: string; byName: string }
  | { type: 'ENDED'; callId: string; outcome: CallOutcome }
  | { type: 'MUTE'; muted: boolean }
  | { type: 'DISMISS' }
  /** A call this page lost by reloading or closing, shown as ended with the server's outcome (never a ghost). */
  | { type: 'SHOW_ENDED'; callId: string; party: Party; outcome: CallOutcome };

export type Intent = 'dial' | 'accept' | 'decline' | 'hangUp' | 'mute' | 'dismiss';

export const idle: CallState = { status: 'idle' };

/** The id of the call this state is about, if any. Events for other calls are ignored. */
export function callIdOf(state: CallState): string | null {
  return 'callId' in state ? state.callId : null;
}

/** Whether the agent may do `intent` now. */
export function can(state: CallState, intent: Intent): boolean {
  switch (intent) {
    case 'dial':
      return state.status === 'idle' || state.status === 'ended';
    case 'accept':
    case 'decline':
      return state.status === 'incoming';
    case 'hangUp':
      return state.status === 'outgoing' || state.status === 'active' || state.status === 'accepting';
    case 'mute':
      return state.status === 'active';
    case 'dismiss':
      return state.status === 'ended';
  }
}

/** The one place call state changes. Events that do not fit the current state leave it unchanged. */
export function transition(state: CallState, event: CallEvent): CallState {
  const sameCall = (id: string) => callIdOf(state) === id;
  switch (event.type) {
    case 'DIAL':
      return can(state, 'dial') ? { status: 'dialing', party: event.party } : state;
    case 'DIAL_PLACED':
      return state.status === 'dialing' ? { status: 'outgoing', callId: event.callId, party: state.party, phase: 'connecting' } : state;
    case 'DIAL_FAILED':
      return state.status === 'dialing'
        ? { status: 'ended', callId: null, party: state.party, outcome: { kind: 'failed', message: event.message, code: event.code } }
        : state;
    case 'REMOTE_RINGING':
      return state.status === 'outgoing' && sameCall(event.callId) ? { ...state, phase: 'ringing' } : state;
    case 'REMOTE_ANSWERED':
      return state.status === 'outgoing' && sameCall(event.callId)
        ? { status: 'active', callId: state.callId, party: state.party, direction: 'business_initiated', since: event.at, muted: false }
        : state;
    case 'INCOMING':
      return can(state, 'dial') ? { status: 'incoming', callId: event.callId, party: event.party, prepared: false } : state;
    case 'PREPARED':
      return state.status === 'incoming' && sameCall(event.callId) ? { ...state, prepared: true } : state;
    case 'ACCEPT':
      return state.status === 'incoming' ? { status: 'accepting', callId: state.callId, party: state.party } : state;
    case 'ACCEPTED':
      return state.status === 'accepting' && sameCall(event.callId)
        ? { status: 'active', callId: state.callId, party: state.party, direction: 'user_initiated', since: event.at, muted: false }
        : state;
    case 'ACCEPT_FAILED':
      return state.status === 'accepting'
        ? { status: 'ended', callId: state.callId, party: state.party, outcome: { kind: 'failed', message: event.message, code: event.code } }
        : state;
    case 'TAKEN':
      return (state.status === 'incoming' || state.status === 'accepting') && sameCall(event.callId)
        ? { status: 'ended', callId: state.callId, party: state.party, outcome: { kind: 'taken', message: `Answered by ${event.byName}.` } }
        : state;
    case 'ENDED':
      return state.status !== 'idle' && state.status !== 'ended' && state.status !== 'dialing' && sameCall(event.callId)
        ? { status: 'ended', callId: event.callId, party: state.party, outcome: event.outcome }
        : state;
    case 'MUTE':
      return state.status === 'active' ? { ...state, muted: event.muted } : state;
    case 'DISMISS':
      return state.status === 'ended' ? idle : state;
    case 'SHOW_ENDED':
      return state.status === 'idle' ? { status: 'ended', callId: event.callId, party: event.party, outcome: event.outcome } : state;
  }
}
