/** The words for each call state: one function, so the visible status and the announcement agree. */
import type { CallState } from '../../../shared/call.ts';
import { formatDuration } from '../../lib/format.ts';

/** Short status without a ticking timer: safe for an aria-live region. */
export function statusLabel(call: CallState): string {
  switch (call.status) {
    case 'idle':
      return 'No call';
    case 'dialing':
      return 'Dialing…';
    case 'outgoing':
      return call.phase === 'ringing' ? "Ringing on customer's phone" : 'Connecting';
    case 'incoming':
      return `Incoming call from ${call.party.name}`;
    case 'accepting':
      return 'Connecting';
    case 'active':
      return call.muted ? 'In call, muted' : 'In call';
    case 'ended':
      return call.outcome.kind === 'taken' ? call.outcome.message : `Call ended: ${call.outcome.message}`;
  }
}

/** The visible status line: adds the running timer while in a call. */
export function statusText(call: CallState, now: number): string {
  if (call.status === 'active') return `In call ${formatDuration((now - call.since) / 1000)}${call.muted ? ' · muted' : ''}`;
  return statusLabel(call);
}
