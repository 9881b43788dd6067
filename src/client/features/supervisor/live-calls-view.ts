/**
 * The live calls table's rules, pure: filtering by business number, agent, direction and state,
 * sorting by a column, and the labels a row shows. The component and the bench both use them.
 */
import type { CallStatus, CallSummary } from '../../../shared/agent-api.ts';

export type CallSortKey = 'started' | 'duration' | 'contact' | 'number' | 'agent' | 'state' | 'mos';
export interface CallSort { key: CallSortKey; descending: boolean }

/** '' means any. */
export interface CallFilter { businessNumberId: string; agentId: string; direction: '' | CallSummary['direction']; status: '' | CallStatus }
export const anyFilter: CallFilter = { businessNumberId: '', agentId: '', direction: '', status: '' };

export const callStatusLabel: Record<CallStatus, string> = {
  dialing: 'Dialing', connecting: 'Connecting', ringing: 'Ringing', accepting: 'Answering', active: 'In call', ended: 'Ended',
};
export const directionLabel: Record<CallSummary['direction'], string> = { business_initiated: 'Outbound', user_initiated: 'Inbound' };

/** When the row's clock starts: the answer for a call in progress, else the first ring. */
export const clockStart = (c: CallSummary): number => Date.parse(c.answeredAt ?? c.startedAt);

export function matches(c: CallSummary, f: CallFilter): boolean {
  return (!f.businessNumberId || c.businessNumberId === f.businessNumberId)
    && (!f.agentId || c.agentId === f.agentId || (c.agentId === null && c.ringAgentIds.includes(f.agentId)))
    && (!f.direction || c.direction === f.direction)
    && (!f.status || c.status === f.status);
}

/** Each sort key as a number or a string, read once per row (not once per comparison). */
const keyOf: Record<CallSortKey, (c: CallSummary) => number | string> = {
  started: (c) => Date.parse(c.startedAt),
  // The longest running first when descending: an earlier clock start means a longer duration.
  duration: (c) => -clockStart(c),
  contact: (c) => c.contactName,
  number: (c) => c.businessNumberId,
  agent: (c) => c.agentName ?? '',
  state: (c) => c.status,
  mos: (c) => c.quality?.last.mos ?? 99,
};

export function visibleCalls(calls: Iterable<CallSummary>, filter: CallFilter, sort: CallSort): CallSummary[] {
  const keyed: Array<{ k: number | string; c: CallSummary }> = [];
  const key = keyOf[sort.key];
  for (const c of calls) if (matches(c, filter)) keyed.push({ k: key(c), c });
  const sign = sort.descending ? -1 : 1;
  keyed.sort((a, b) => {
    const d = typeof a.k === 'number' && typeof b.k === 'number' ? a.k - b.k : String(a.k).localeCompare(String(b.k));
    return sign * d || (a.c.id < b.c.id ? -1 : a.c.id > b.c.id ? 1 : 0);
  });
  return keyed.map((x) => x.c);
}
