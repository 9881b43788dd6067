/**
 * The call history: "My calls" and, for supervisors and trainers, "All calls"; filters by outcome,
 * direction and date, a search on name, number or notes; pages fetched from the server as the agent
 * asks for more. Rows become cards on a narrow screen.
 */
import { useInfiniteQuery } from '@tanstack/react-query';
import { PhoneIncoming, PhoneMissed, PhoneOutgoing, Search } from 'lucide-react';
import { useDeferredValue, useState } from 'react';
import type { CallPageQuery, CallSummary, Me } from '../../../shared/agent-api.ts';
import { Button } from '../../components/ui/button.tsx';
import { formatCallTime, formatDuration } from '../../lib/format.ts';
import { historyQueryOptions } from './desk-api.ts';
import { outcomeFilterOptions, outcomeKey, outcomeLabel, outcomeNeedsAttention } from './outcome-label.ts';

type Scope = 'mine' | 'all';
const dayStart = (date: string) => new Date(`${date}T00:00:00`).toISOString();
const dayAfter = (date: string) => new Date(new Date(`${date}T00:00:00`).getTime() + 86_400_000).toISOString();

export function CallHistory({ me }: { me: Me }) {
  const seesAll = me.role === 'supervisor' || me.role === 'trainer';
  const [scope, setScope] = useState<Scope>(seesAll ? 'all' : 'mine');
  const [outcome, setOutcome] = useState<NonNullable<CallPageQuery['outcome']> | ''>('');
  const [direction, setDirection] = useState<CallSummary['direction'] | ''>('');
  const [date, setDate] = useState('');
  const [text, setText] = useState('');
  const q = useDeferredValue(text.trim());
  const query: Omit<CallPageQuery, 'after'> = {
    scope,
    ...(outcome ? { outcome } : {}),
    ...(direction ? { direction } : {}),
    ...(q ? { q } : {}),
    ...(date ? { from: dayStart(date), to: dayAfter(date) } : {}),
  };
  const history = useInfiniteQuery(historyQueryOptions(query));
  const calls = history.data?.pages.flatMap((p) => p.calls) ?? [];
  const viewer = scope === 'mine' ? me.id : undefined;
  const field = 'h-7 rounded-md border border-slate-300 bg-white px-1.5 text-xs';

  return (
    <section aria-labelledby="history-title" className="flex max-h-[50vh] min-h-40 flex-col rounded-lg border border-slate-300 bg-white lg:max-h-[40%]">
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1.5 border-b border-slate-200 px-3 py-2">
        <h2 id="history-title" className="font-semibold">
          Calls
        </h2>
        <div role="group" aria-label="Whose calls" className="flex rounded-md border border-slate-300">
          {(['mine', ...(seesAll ? ['all'] : [])] as Scope[]).map((s) => (
            <button
              key={s}
              type="button"
              aria-pressed={scope === s}
              onClick={() => setScope(s)}
              className="h-7 px-2 text-xs font-medium text-slate-700 first:rounded-l-md last:rounded-r-md aria-pressed:bg-slate-800 aria-pressed:text-white"
            >
              {s === 'mine' ? 'My calls' : 'All calls'}
            </button>
          ))}
        </div>
        <select aria-label="Outcome" data-testid="history-outcome" value={outcome} onChange={(e) => setOutcome(e.target.value as typeof outcome)} className={field}>
          <option value="">Any outcome</option>
          {outcomeFilterOptions.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <select aria-label="Direction" value={direction} onChange={(e) => setDirection(e.target.value as typeof direction)} className={field}>
          <option value="">In and out</option>
          <option value="user_initiated">Inbound</option>
          <option value="business_initiated">Outbound</option>
        </select>
        <input type="date" aria-label="Day" value={date} onChange={(e) => setDate(e.target.value)} className={field} />
        <div className="relative min-w-40 flex-1">
          <Search aria-hidden="true" className="pointer-events-none absolute top-1.5 left-1.5 size-3.5 text-slate-500" />
          <input
            type="search"
            aria-label="Search calls"
            placeholder="Name, number or notes"
            value={text}
            onChange={(e) => setText(e.target.value)}
            className={`${field} w-full pl-6`}
          />
        </div>
      </div>
      {/* Focusable: the list scrolls by keyboard even when its rows hold no control (axe: scrollable-region-focusable). */}
      <div tabIndex={0} aria-label="Calls" className="min-h-0 flex-1 overflow-y-auto focus-visible:outline-2 focus-visible:outline-sky-700">
        {history.isPending && <p className="p-3 text-slate-600">Loading calls…</p>}
        {history.data && calls.length === 0 && <p className="p-3 text-slate-600">No calls{q || outcome || direction || date ? ' match these filters' : ' yet'}.</p>}
        {calls.length > 0 && (
          <ul aria-label="Calls" data-testid="recent-calls" className="divide-y divide-slate-100">
            {calls.map((c) => (
              <HistoryRow key={c.id} call={c} viewer={viewer} showAgent={scope === 'all'} />
            ))}
          </ul>
        )}
        {history.hasNextPage && (
          <div className="p-2">
            <Button size="sm" onClick={() => void history.fetchNextPage()} disabled={history.isFetchingNextPage}>
              {history.isFetchingNextPage ? 'Loading…' : 'Show more'}
            </Button>
          </div>
        )}
      </div>
    </section>
  );
}

function HistoryRow({ call: c, viewer, showAgent }: { call: CallSummary; viewer: string | undefined; showAgent: boolean }) {
  const inbound = c.direction === 'user_initiated';
  const Icon = inbound ? (c.outcome === 'missed' ? PhoneMissed : PhoneIncoming) : PhoneOutgoing;
  return (
    <li
      data-testid="recent-call-row"
      data-call-id={c.id}
      data-outcome={outcomeKey(c, viewer)}
      className="grid grid-cols-[1rem_minmax(0,1fr)_auto] items-start gap-x-2 gap-y-0.5 px-3 py-1.5 sm:grid-cols-[1rem_minmax(7rem,12rem)_minmax(7rem,10rem)_3rem_5.5rem_minmax(0,1fr)]"
    >
      <span className="pt-0.5">
        <Icon aria-hidden="true" className={`size-4 ${outcomeNeedsAttention(c) ? 'text-rose-700' : 'text-slate-600'}`} />
        <span className="sr-only">{inbound ? 'Inbound' : 'Outbound'}</span>
      </span>
      <span className="min-w-0">
        <span className="block truncate font-medium">{c.contactName}</span>
        <span className="tabular block text-xs text-slate-600">{c.displayNumber}</span>
      </span>
      <span className="text-right sm:text-left" title={c.endMessage ?? undefined} data-testid="recent-call-outcome">
        {outcomeLabel(c, viewer)}
        {c.errorCode !== null && <span className="block text-xs text-slate-600">code {c.errorCode}</span>}
      </span>
      <span className="tabular col-start-2 text-xs text-slate-600 sm:col-start-auto sm:text-right sm:text-sm sm:text-slate-900" data-testid="recent-call-duration">
        {c.durationSeconds !== null ? formatDuration(c.durationSeconds) : '—'}
      </span>
      <span className="tabular text-right text-xs whitespace-nowrap text-slate-600 sm:text-left sm:text-sm sm:text-slate-900">
        <time dateTime={c.startedAt}>{formatCallTime(c.startedAt)}</time>
      </span>
      <span className="col-span-2 col-start-2 min-w-0 text-xs sm:col-span-1 sm:col-start-auto" data-testid="recent-call-wrap-up">
        {showAgent && <span className="mr-1 text-slate-700">{c.agentName ?? '—'}</span>}
        {c.disposition && <span className="mr-1 inline-block rounded bg-slate-100 px-1 text-slate-800" data-testid="recent-call-disposition">{c.disposition}</span>}
        {c.notes && <span className="text-slate-700 italic">“{c.notes}”</span>}
      </span>
    </li>
  );
}
