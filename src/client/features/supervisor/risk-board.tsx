/**
 * "Consent and quota risk": what only WhatsApp calling has. Contacts one unanswered call from
 * revocation or at "reconsider", temporary permissions expiring within 24 h, pairs at or near
 * their daily call limit (and when they free), spent request budgets.
 */
import type { RiskKind, RiskRow } from '../../../shared/floor-api.ts';
import { Badge, type BadgeTone } from '../../components/ui/badge.tsx';
import { timeLeft } from '../../lib/format.ts';

const kindLabel: Record<RiskKind, { text: string; tone: BadgeTone }> = {
  revoke_next: { text: 'Revokes on next miss', tone: 'danger' },
  reconsider: { text: 'Reconsider sent', tone: 'warning' },
  expiring: { text: 'Permission expiring', tone: 'warning' },
  call_limit: { text: 'Call limit', tone: 'warning' },
  request_budget: { text: 'Requests spent', tone: 'neutral' },
};

export function RiskBoard({ risks, now }: { risks: RiskRow[] | undefined; now: number }) {
  return (
    <section aria-label="Consent and quota risk" className="flex min-h-0 flex-col rounded-lg border border-slate-300 bg-white">
      <h2 className="border-b border-slate-200 px-3 py-2 text-sm font-semibold">Consent and quota risk</h2>
      {!risks ? <p className="p-3 text-sm text-slate-600">Loading…</p> : risks.length === 0 ? <p className="p-3 text-sm text-slate-600">No contact is at risk.</p> : (
        // Focusable: a long list must scroll by keyboard, and its rows hold no control.
        <ul tabIndex={0} aria-label="Contacts at risk" className="min-h-0 flex-1 divide-y divide-slate-100 overflow-y-auto text-sm focus-visible:outline-2 focus-visible:outline-sky-700">
          {risks.map((r) => {
            const when = r.at ? timeLeft(r.at, now) : null;
            return (
              <li key={`${r.kind}:${r.businessNumberId}:${r.waId}`} className="flex flex-col gap-0.5 px-3 py-1.5" data-testid="risk-row" data-kind={r.kind} data-wa-id={r.waId}>
                <div className="flex items-center gap-2">
                  <Badge tone={kindLabel[r.kind].tone}>{kindLabel[r.kind].text}</Badge>
                  <span className="font-medium">{r.contactName}</span>
                  <span className="text-xs text-slate-600">{r.displayNumber}</span>
                  <span className="ml-auto text-xs text-slate-600">{r.numberLabel}</span>
                </div>
                <p className="text-xs text-slate-700">{r.detail}{when ? ` · in ${when}` : ''}</p>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
