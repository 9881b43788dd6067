import { useQuery } from '@tanstack/react-query';
import { Fragment, useEffect, useMemo, useRef, useState } from 'react';
import type { TimelineEntry } from '../../../shared/timeline.ts';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { timelineQueryOptions } from './api.ts';

const directionLabel: Record<TimelineEntry['direction'], string> = { graph: 'Graph request', webhook: 'Webhook', note: 'Classroom' };
const short = (id: string) => (id.length > 14 ? `…${id.slice(-10)}` : id);

/** Saves what the filters show as a JSON file. */
function exportJson(entries: TimelineEntry[]) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(entries, null, 2)], { type: 'application/json' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: `ringside-timeline-${new Date().toISOString().slice(0, 19)}.json` });
  a.click();
  URL.revokeObjectURL(url);
}

/** Every Graph request sent and webhook received, live and in order, with a caption and the JSON. */
export function TimelinePanel({ names }: { names: ReadonlyMap<string, string> }) {
  const timeline = useQuery(timelineQueryOptions());
  const [kind, setKind] = useState('');
  const [customer, setCustomer] = useState('');
  const [call, setCall] = useState('');
  const [open, setOpen] = useState<number | null>(null);
  const [presenter, setPresenter] = useState(false);
  const entries = useMemo(() => timeline.data ?? [], [timeline.data]);
  const kinds = useMemo(() => [...new Set(entries.map((e) => e.kind))].sort(), [entries]);
  const customers = useMemo(() => [...new Set(entries.map((e) => e.waId).filter((w): w is string => !!w))], [entries]);
  const shown = entries.filter((e) => (!kind || e.kind === kind) && (!customer || e.waId === customer) && (!call || (e.callId ?? '').includes(call.trim())));
  const text = presenter ? 'text-2xl leading-snug' : 'text-sm';
  const list = useRef<HTMLOListElement>(null);
  const latest = shown.at(-1)?.id;
  // Follow new lines while the reader is at the end; leave them where they are when they scrolled back.
  useEffect(() => {
    const el = list.current;
    if (el && el.scrollHeight - el.scrollTop - el.clientHeight < 240) el.scrollTop = el.scrollHeight;
  }, [latest]);
  return (
    <section aria-label="Timeline" className={`flex min-h-0 flex-col rounded-lg border border-slate-300 bg-white ${presenter ? 'fixed inset-2 z-20 shadow-2xl' : ''}`}>
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 p-2">
        <h2 className={`mr-auto font-semibold text-slate-700 ${presenter ? 'text-2xl' : 'text-sm'}`}>Timeline</h2>
        <select aria-label="Filter by kind" value={kind} onChange={(e) => setKind(e.target.value)} className="h-8 rounded-md border border-slate-300 bg-white px-2 text-sm">
          <option value="">Every kind</option>
          {kinds.map((k) => <option key={k} value={k}>{k}</option>)}
        </select>
        <select aria-label="Filter by customer" value={customer} onChange={(e) => setCustomer(e.target.value)} className="h-8 rounded-md border border-slate-300 bg-white px-2 text-sm">
          <option value="">Every customer</option>
          {customers.map((w) => <option key={w} value={w}>{names.get(w) ?? w}</option>)}
        </select>
        <input aria-label="Filter by call id" placeholder="Call id" value={call} onChange={(e) => setCall(e.target.value)} className="h-8 w-28 rounded-md border border-slate-300 px-2 text-sm" />
        <Button size="sm" onClick={() => exportJson(shown)} disabled={shown.length === 0}>Export JSON</Button>
        <Button size="sm" aria-pressed={presenter} onClick={() => setPresenter((p) => !p)}>Presenter mode</Button>
      </div>
      <ol ref={list} className={`min-h-0 flex-1 divide-y divide-slate-100 overflow-y-auto ${text}`} aria-live="polite" aria-relevant="additions">
        {shown.length === 0 && <li className="p-3 text-slate-600">Nothing yet: run a scenario or place a call, and each step appears here.</li>}
        {shown.map((e) => (
          <Fragment key={e.id}>
            <li className="flex items-start gap-2 px-2 py-1.5" data-testid="timeline-entry" data-kind={e.kind}>
              <time dateTime={e.at} className="shrink-0 font-mono text-slate-600 tabular-nums">{new Date(e.at).toLocaleTimeString()}</time>
              <Badge tone={e.direction === 'webhook' ? 'info' : e.direction === 'graph' ? 'success' : 'neutral'} className="shrink-0">{directionLabel[e.direction]}</Badge>
              <div className="min-w-0 flex-1">
                <p>{e.caption}</p>
                <p className="text-xs text-slate-600">
                  {e.kind}
                  {e.waId && <> · {names.get(e.waId) ?? e.waId}</>}
                  {e.callId && <> · call {short(e.callId)}</>}
                </p>
              </div>
              <Button size="sm" variant="ghost" aria-expanded={open === e.id} onClick={() => setOpen(open === e.id ? null : e.id)} aria-label={`JSON of ${e.kind} at ${new Date(e.at).toLocaleTimeString()}`}>
                JSON
              </Button>
            </li>
            {open === e.id && (
              <li className="bg-slate-50 px-2 py-1.5">
                <pre className="max-h-80 overflow-auto text-xs whitespace-pre-wrap break-all" data-testid="timeline-json">{JSON.stringify(e.json, null, 2)}</pre>
              </li>
            )}
          </Fragment>
        ))}
      </ol>
    </section>
  );
}
