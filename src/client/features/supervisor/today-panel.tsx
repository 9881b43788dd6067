/**
 * "Today": per business number and in total, calls by direction, pickup rates, answered and
 * missed, average handle time, the longest wait; WhatsApp's low-pickup warning and restrictions,
 * and concurrency headroom against Meta's per-number ceiling.
 */
import type { DayFigures, FloorSnapshot } from '../../../shared/floor-api.ts';
import { describeNotice } from '../../../shared/number-notices.ts';
import { Badge } from '../../components/ui/badge.tsx';
import { formatDuration } from '../../lib/format.ts';

const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`);
const secs = (s: number | null) => (s === null ? '—' : formatDuration(s));

function Figures({ f }: { f: DayFigures }) {
  return (
    <>
      <td className="px-2 py-1 tabular-nums">{f.outbound.placed}</td>
      <td className="px-2 py-1 tabular-nums">{pct(f.outboundPickupRate)}</td>
      <td className="px-2 py-1 tabular-nums">{f.inbound.received}</td>
      <td className="px-2 py-1 tabular-nums">{f.inbound.answered} / {f.inbound.missed}</td>
      <td className="px-2 py-1 tabular-nums">{pct(f.inboundPickupRate)}</td>
      <td className="px-2 py-1 font-mono text-xs tabular-nums">{secs(f.averageHandleSeconds)}</td>
      <td className="px-2 py-1 font-mono text-xs tabular-nums">{secs(f.longestWaitSeconds)}</td>
    </>
  );
}

export function TodayPanel({ today }: { today: FloorSnapshot['today'] | undefined }) {
  return (
    <section aria-label="Today" className="rounded-lg border border-slate-300 bg-white">
      <h2 className="border-b border-slate-200 px-3 py-2 text-sm font-semibold">Today</h2>
      {!today ? <p className="p-3 text-sm text-slate-600">Loading…</p> : (
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left text-xs text-slate-700">
            <tr>
              <th className="px-3 py-1 font-medium">Line</th>
              <th className="px-2 py-1 font-medium" title="Business-initiated calls placed">Out</th>
              <th className="px-2 py-1 font-medium" title="Business-initiated calls the customer picked up">Picked up</th>
              <th className="px-2 py-1 font-medium">In</th>
              <th className="px-2 py-1 font-medium">Answered / missed</th>
              <th className="px-2 py-1 font-medium">In pickup</th>
              <th className="px-2 py-1 font-medium">Avg handle</th>
              <th className="px-2 py-1 font-medium">Longest wait</th>
              <th className="px-3 py-1 font-medium">WhatsApp</th>
            </tr>
          </thead>
          <tbody>
            {today.numbers.map((n) => (
              <tr key={n.businessNumberId} className="border-t border-slate-100 align-top" data-testid="today-number" data-number-id={n.businessNumberId}>
                <th scope="row" className="px-3 py-1 text-left font-medium">{n.label}<span className="block text-xs font-normal text-slate-600">{n.displayNumber}</span></th>
                <Figures f={n.figures} />
                <td className="px-3 py-1">
                  <div className="flex flex-wrap gap-1">
                    {n.lowPickupWarning && <Badge tone="warning" title={describeNotice({ kind: 'warning', type: 'USER_INITIATED_CALLS_LOW_PICKUP_RATE' }).meaning}>Low pickup warning</Badge>}
                    {n.restrictions.map((r) => <Badge key={r.type} tone="danger" title={r.until ? `Until ${new Date(r.until).toLocaleString()}` : undefined}>{describeNotice({ kind: 'restriction', type: r.type }).title}</Badge>)}
                    <span className="text-xs text-slate-600" title="Calls in progress against Meta's per-number ceiling">
                      {n.concurrency.inbound.active}/{n.concurrency.inbound.max} in · {n.concurrency.outbound.active}/{n.concurrency.outbound.max} out
                    </span>
                  </div>
                </td>
              </tr>
            ))}
            <tr className="border-t border-slate-300 font-medium" data-testid="today-total">
              <th scope="row" className="px-3 py-1 text-left">All lines</th>
              <Figures f={today.total} />
              <td />
            </tr>
          </tbody>
        </table>
      )}
    </section>
  );
}
