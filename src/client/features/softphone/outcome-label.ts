/**
 * How a call ended, labelled as what it is, everywhere a call is listed (history, timeline, caller
 * context): declined by the agent or by the customer, missed, missed because nobody was available,
 * taken by another agent, cancelled, failed.
 */
import type { CallSummary } from '../../../shared/agent-api.ts';

type Labelled = Pick<CallSummary, 'outcome' | 'status' | 'direction' | 'agentId' | 'agentName' | 'nobodyAvailable'>;

const outcomeText: Record<NonNullable<CallSummary['outcome']>, string> = {
  completed: 'Completed',
  declined: 'Declined by customer',
  rejected: 'Declined by agent',
  dropped: 'Ended by Ringside',
  missed: 'Missed',
  failed: 'Failed',
  taken: 'Taken by another agent',
  cancelled: 'Cancelled',
};

const statusText: Record<CallSummary['status'], string> = {
  dialing: 'Dialing',
  connecting: 'Connecting',
  ringing: 'Ringing',
  accepting: 'Connecting',
  active: 'In progress',
  ended: 'Ended',
};

/** The outcome as this viewer reads it: a call that rang her and another agent answered was taken. */
export function outcomeKey(call: Labelled, viewerId?: string): NonNullable<CallSummary['outcome']> | 'nobody_available' | CallSummary['status'] {
  if (!call.outcome) return call.status;
  if (viewerId && call.direction === 'user_initiated' && call.agentId && call.agentId !== viewerId) return 'taken';
  if (call.outcome === 'missed' && call.nobodyAvailable) return 'nobody_available';
  return call.outcome;
}

export function outcomeLabel(call: Labelled, viewerId?: string): string {
  const key = outcomeKey(call, viewerId);
  if (key === 'taken' && call.agentName) return `Taken by ${call.agentName}`;
  if (key === 'nobody_available') return 'Missed: nobody available';
  return key in outcomeText ? outcomeText[key as keyof typeof outcomeText] : statusText[key as CallSummary['status']];
}

/** Red for what needs a look (missed, failed), plain otherwise. */
export const outcomeNeedsAttention = (call: Labelled) => call.outcome === 'missed' || call.outcome === 'failed';

/** The filter's choices, in the order an agent scans them. */
export const outcomeFilterOptions: Array<{ value: NonNullable<CallSummary['outcome']> | 'nobody_available'; label: string }> = [
  { value: 'completed', label: 'Completed' },
  { value: 'missed', label: 'Missed' },
  { value: 'nobody_available', label: 'Missed: nobody available' },
  { value: 'declined', label: 'Declined by customer' },
  { value: 'rejected', label: 'Declined by agent' },
  { value: 'cancelled', label: 'Cancelled' },
  { value: 'failed', label: 'Failed' },
  { value: 'dropped', label: 'Ended by Ringside' },
];
