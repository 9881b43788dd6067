import { useQuery } from '@tanstack/react-query';
import { PhoneIncoming, PhoneMissed, PhoneOutgoing } from 'lucide-react';
import type { CallSummary } from '../../../shared/agent-api.ts';
import { formatCallTime, formatDuration } from '../../lib/format.ts';
import { callsQueryOptions } from './api.ts';

const outcomeText: Record<NonNullable<CallSummary['outcome']>, string> = {
  completed: 'Completed',
  declined: 'Declined by customer',
  rejected: 'Declined by agent',
  dropped: 'Ended by Ringside',
  missed: 'Missed',
  failed: 'Failed',
  taken: 'Answered elsewhere',
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

function DirectionIcon({ call }: { call: CallSummary }) {
  const inbound = call.direction === 'user_initiated';
  const Icon = inbound ? (call.outcome === 'missed' ? PhoneMissed : PhoneIncoming) : PhoneOutgoing;
  return (
    <>
      <Icon aria-hidden="true" className={`size-4 ${call.outcome === 'missed' || call.outcome === 'failed' ? 'text-rose-700' : 'text-slate-600'}`} />
      <span className="sr-only">{inbound ? 'Inbound' : 'Outbound'}</span>
    </>
  );
}

export function RecentCalls() {
  const calls = useQuery(callsQueryOptions());
  return (
    <section aria-labelledby="recent-title" className="flex max-h-[40%] min-h-40 flex-col rounded-lg border border-slate-300 bg-white">
      <h2 id="recent-title" className="border-b border-slate-200 px-3 py-2 font-semibold">
        Recent calls
      </h2>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {calls.isPending && <p className="p-3 text-slate-600">Loading calls…</p>}
        {calls.data?.length === 0 && <p className="p-3 text-slate-600">No calls yet.</p>}
        {calls.data && calls.data.length > 0 && (
          <table className="w-full text-left" data-testid="recent-calls">
            <thead className="sticky top-0 bg-white text-xs text-slate-600">
              <tr>
                <th scope="col" className="w-8 px-3 py-1 font-medium">
                  <span className="sr-only">Direction</span>
                </th>
                <th scope="col" className="px-2 py-1 font-medium">Contact</th>
                <th scope="col" className="px-2 py-1 font-medium">Outcome</th>
                <th scope="col" className="px-2 py-1 text-right font-medium">Duration</th>
                <th scope="col" className="px-2 py-1 font-medium">Time</th>
                <th scope="col" className="px-3 py-1 font-medium">Agent</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {calls.data.map((c) => (
                <tr key={c.id} data-testid="recent-call-row" data-call-id={c.id} data-outcome={c.outcome ?? c.status} className="align-top">
                  <td className="px-3 py-1.5">
                    <DirectionIcon call={c} />
                  </td>
                  <td className="px-2 py-1.5">
                    <span className="block font-medium">{c.contactName}</span>
                    <span className="tabular block text-xs text-slate-600">{c.displayNumber}</span>
                  </td>
                  <td className="px-2 py-1.5" title={c.endMessage ?? undefined} data-testid="recent-call-outcome">
                    {c.outcome ? outcomeText[c.outcome] : statusText[c.status]}
                    {c.errorCode !== null && <span className="block text-xs text-slate-600">code {c.errorCode}</span>}
                  </td>
                  <td className="tabular px-2 py-1.5 text-right" data-testid="recent-call-duration">
                    {c.durationSeconds !== null ? formatDuration(c.durationSeconds) : '—'}
                  </td>
                  <td className="tabular px-2 py-1.5 whitespace-nowrap">
                    <time dateTime={c.startedAt}>{formatCallTime(c.startedAt)}</time>
                  </td>
                  <td className="px-3 py-1.5">{c.agentName ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
