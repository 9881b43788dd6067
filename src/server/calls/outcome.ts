/**
 * How a call ended, in the agent's words: one sentence per outcome, from the merged record
 * (shared/call-facts.ts) and the customer's name.
 */
import type { CallDirection, CallRecord } from '../../shared/call-facts.ts';
import { agentMessageFor } from '../../shared/meta-errors.ts';

const mmss = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;

const localEnd: Record<NonNullable<CallRecord['localReason']>, string> = {
  no_holder: "Ringside ended the call: the agent's page was gone for a minute.",
  ring_timeout: 'Nobody answered in time.',
  nobody_available: 'Nobody was available to take the call.',
  hangup_unconfirmed: 'Call ended (WhatsApp did not confirm the hang-up).',
  unknown_at_meta: 'Call ended (WhatsApp no longer knew the call).',
  connect_failed: 'WhatsApp refused the call.',
  accept_failed: 'WhatsApp refused the answer.',
  simulator_reset: 'The sandbox was reset.',
};

export function describeCallEnd(record: CallRecord, direction: CallDirection, name: string, failureMessage: string | null): string | null {
  switch (record.outcome) {
    case null: return null;
    case 'completed': {
      const after = `Call ended after ${mmss(record.durationSeconds ?? 0)}.`;
      return record.localReason === 'no_holder' ? `${after} ${localEnd.no_holder}` : after;
    }
    case 'failed':
      return record.errorCode !== null ? agentMessageFor(record.errorCode, failureMessage ?? 'The call failed.') : (failureMessage ?? 'The call failed.');
    case 'declined': return `${name} declined the call.`;
    case 'rejected': return 'Declined by the agent.';
    case 'cancelled': return 'You cancelled the call.';
    case 'dropped': return localEnd[record.localReason ?? 'no_holder'];
    case 'missed':
      if (record.nobodyAvailable) return `Missed call from ${name}: nobody was available.`;
      if (record.localReason === 'ring_timeout') return direction === 'business_initiated' ? `${name} did not answer.` : `Missed call from ${name}: ${localEnd.ring_timeout.toLowerCase()}`;
      return direction === 'business_initiated' ? `${name} did not answer.` : `Missed call from ${name}.`;
  }
}
