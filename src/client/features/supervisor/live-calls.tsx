/**
 * "Live calls": one row per call ringing or in progress on every business number, virtualised
 * (only the rows in view are rendered), with a ticking duration and the agent's quality figures.
 * Sort by a column header, filter by line, agent, direction and state.
 */
import { Headphones } from 'lucide-react';
import { memo, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { CallSummary } from '../../../shared/agent-api.ts';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { formatDuration } from '../../lib/format.ts';
import { useNow } from '../../lib/use-now.ts';
import type { FloorStore } from './floor-store.ts';
import { anyFilter, callStatusLabel, clockStart, directionLabel, visibleCalls, type CallFilter, type CallSort, type CallSortKey } from './live-calls-view.ts';
import { useVirtualRows } from './use-virtual-rows.ts';

export const ROW_HEIGHT = 36;
// Fixed columns for figures, shrinking ones for names: rows never scroll sideways.
const grid = 'grid grid-cols-[4rem_minmax(0,1.6fr)_minmax(0,1fr)_minmax(0,1fr)_5.5rem_4rem_2.5rem_3.5rem_3.5rem_3rem_5.25rem] items-center gap-2 px-2';

export interface LiveCallsProps {
  store: FloorStore;
  lines: ReadonlyArray<{ id: string; label: string }>;
  /** Listen from a row (supervisors); absent for read-only viewers. */
  onListen?: (call: CallSummary) => void;
  /** The call the supervisor is monitoring, if any. */
  monitoringCallId?: string | null;
}

export function LiveCalls({ store, lines, onListen, monitoringCallId = null }: LiveCallsProps) {
  const calls = useStore(store, (s) => s.calls);
  const agents = useStore(store, (s) => s.agents);
  const skewMs = useStore(store, (s) => s.skewMs);
  const [filter, setFilter] = useState<CallFilter>(anyFilter);
  const [sort, setSort] = useState<CallSort>({ key: 'duration', descending: true });
  const rows = useMemo(() => visibleCalls(calls.values(), filter, sort), [calls, filter, sort]);
  const scroller = useRef<HTMLDivElement>(null);
  const { start, end, totalHeight } = useVirtualRows(scroller, rows.length, ROW_HEIGHT);
  const now = useNow(rows.length > 0) + skewMs;
  const lineLabel = useMemo(() => new Map(lines.map((l) => [l.id, l.label])), [lines]);
  const set = (patch: Partial<CallFilter>) => setFilter((f) => ({ ...f, ...patch }));

  const header = (key: CallSortKey, label: string) => {
    const active = sort.key === key;
    return (
      <div role="columnheader" aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
        <button type="button" className="font-medium hover:underline" onClick={() => setSort({ key, descending: active ? !sort.descending : key === 'duration' })}>
          {label}
          {active ? (sort.descending ? ' ↓' : ' ↑') : ''}
        </button>
      </div>
    );
  };

  return (
    <section aria-label="Live calls" className="flex min-h-0 flex-1 flex-col rounded-lg border border-slate-300 bg-white">
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-3 py-2">
        <h2 className="mr-2 text-sm font-semibold">
          Live calls <span className="font-normal text-slate-600" data-testid="live-call-count">{rows.length === calls.size ? calls.size : `${rows.length} of ${calls.size}`}</span>
        </h2>
        <FilterSelect label="Line" value={filter.businessNumberId} onChange={(v) => set({ businessNumberId: v })} options={lines.map((l) => [l.id, l.label])} />
        <FilterSelect label="Agent" value={filter.agentId} onChange={(v) => set({ agentId: v })} options={[...agents.values()].map((a) => [a.id, a.displayName])} />
        <FilterSelect label="Direction" value={filter.direction} onChange={(v) => set({ direction: v as CallFilter['direction'] })} options={Object.entries(directionLabel)} />
        <FilterSelect label="State" value={filter.status} onChange={(v) => set({ status: v as CallFilter['status'] })} options={Object.entries(callStatusLabel).filter(([k]) => k !== 'ended')} />
      </div>
      {rows.length === 0 && <p className="px-3 pt-2 text-slate-600">No call is ringing or in progress.</p>}
      <div role="table" aria-label="Live calls" aria-rowcount={rows.length + 1} className="flex min-h-0 flex-1 flex-col text-sm">
        <div role="rowgroup" className="border-b border-slate-200 bg-slate-50 text-xs text-slate-700">
          <div role="row" aria-rowindex={1} className={`${grid} h-8`}>
            <div role="columnheader">Direction</div>
            {header('contact', 'Contact')}
            {header('number', 'Line')}
            {header('agent', 'Agent')}
            {header('state', 'State')}
            {header('duration', 'Duration')}
            {header('mos', 'MOS')}
            <div role="columnheader">RTT</div>
            <div role="columnheader">Jitter</div>
            <div role="columnheader">Loss</div>
            <div role="columnheader"><span className="sr-only">Monitor</span></div>
          </div>
        </div>
        <div ref={scroller} tabIndex={0} aria-label="Live call rows" role="rowgroup" className="relative min-h-24 flex-1 overflow-x-hidden overflow-y-auto" data-testid="live-calls-scroller">
          <div style={{ height: totalHeight }} className="relative">
            {rows.slice(start, end).map((call, i) => (
              <CallRow
                key={call.id} call={call} index={start + i} now={now} line={lineLabel.get(call.businessNumberId) ?? call.businessNumberId}
                ringing={call.agentId === null ? call.ringAgentIds.map((id) => agents.get(id)?.displayName ?? '').filter(Boolean).join(', ') : ''}
                onListen={onListen} monitoring={monitoringCallId === call.id}
              />
            ))}
          </div>
        </div>
      </div>
    </section>
  );
}

function FilterSelect({ label, value, onChange, options }: { label: string; value: string; onChange: (v: string) => void; options: ReadonlyArray<readonly [string, string]> }) {
  return (
    <label className="flex items-center gap-1 text-xs text-slate-700">
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)} className="h-7 rounded-md border border-slate-300 bg-white px-1 text-xs">
        <option value="">Any</option>
        {options.map(([id, name]) => <option key={id} value={id}>{name}</option>)}
      </select>
    </label>
  );
}

interface RowProps { call: CallSummary; index: number; now: number; line: string; ringing: string; onListen?: (call: CallSummary) => void; monitoring: boolean }

const fixed = (n: number | undefined, digits: number, unit = '') => (n === undefined ? '—' : `${n.toFixed(digits)}${unit}`);

const CallRow = memo(function CallRow({ call, index, now, line, ringing, onListen, monitoring }: RowProps) {
  const q = call.quality?.last;
  const live = call.status === 'active';
  return (
    <div
      role="row" aria-rowindex={index + 2} data-testid="live-call-row" data-call-id={call.id} data-status={call.status}
      className={`${grid} absolute inset-x-0 overflow-hidden border-b border-slate-100 ${monitoring ? 'bg-emerald-50' : ''}`}
      style={{ top: index * ROW_HEIGHT, height: ROW_HEIGHT }}
    >
      <div role="cell" className="text-xs text-slate-700">{directionLabel[call.direction]}</div>
      <div role="cell" className="truncate" title={`${call.contactName} ${call.displayNumber}`}><span className="font-medium">{call.contactName}</span> <span className="text-xs text-slate-600">{call.displayNumber}</span></div>
      <div role="cell" className="truncate text-xs">{line}</div>
      <div role="cell" className="truncate text-xs">{call.agentName ?? (ringing ? `Ringing ${ringing}` : 'Waiting')}</div>
      <div role="cell"><Badge tone={live ? 'success' : 'warning'}>{callStatusLabel[call.status]}</Badge></div>
      <div role="cell" className="font-mono text-xs tabular-nums" data-testid="live-call-duration">{formatDuration((now - clockStart(call)) / 1000)}</div>
      <div role="cell" className="text-xs tabular-nums">{fixed(q?.mos, 1)}</div>
      <div role="cell" className="text-xs tabular-nums">{fixed(q?.rttMs, 0, ' ms')}</div>
      <div role="cell" className="text-xs tabular-nums">{fixed(q?.jitterMs, 0, ' ms')}</div>
      <div role="cell" className="text-xs tabular-nums">{fixed(q?.lossPct, 1, '%')}</div>
      <div role="cell">
        {onListen && live && call.agentId && (
          <Button size="sm" variant={monitoring ? 'primary' : 'secondary'} aria-label={`Listen to ${call.contactName}`} icon={<Headphones aria-hidden="true" className="size-3.5" />} onClick={() => onListen(call)} disabled={monitoring}>
            Listen
          </Button>
        )}
      </div>
    </div>
  );
});
