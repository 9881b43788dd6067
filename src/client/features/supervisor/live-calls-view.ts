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

const text = (a: string | null, b: string | null) => (a ?? '').localeCompare(b ?? '');

const compare: Record<CallSortKey, (a: CallSummary, b: CallSummary) => number> = {
  started: (a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt),
  // The longest running first when descending: an earlier clock start means a longer duration.
  duration: (a, b) => clockStart(b) - clockStart(a),
  contact: (a, b) => text(a.contactName, b.contactName),
  number: (a, b) => text(a.businessNumberId, b.businessNumberId),
  agent: (a, b) => text(a.agentName, b.agentName),
  state: (a, b) => text(a.status, b.status),
  mos: (a, b) => (a.quality?.last.mos ?? 99) - (b.quality?.last.mos ?? 99),
};

export function visibleCalls(calls: Iterable<CallSummary>, filter: CallFilter, sort: CallSort): CallSummary[] {
  const rows: CallSummary[] = [];
  for (const c of calls) if (matches(c, filter)) rows.push(c);
  const by = compare[sort.key];
  rows.sort((a, b) => (sort.descending ? -by(a, b) : by(a, b)) || a.id.localeCompare(b.id));
  return rows;
}
