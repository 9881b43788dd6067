/**
 * WhatsApp's warnings and restrictions on the selected business line, one calm line each: what
 * it is, what it means for the agent, until when. Restrictions that pause the agent's calls are
 * the loud ones. The line's calling settings follow when WhatsApp reported something unusual.
 * Updated live: a `business-number.updated` push re-fetches the lines.
 */
import { Ban, TriangleAlert } from 'lucide-react';
import type { BusinessNumber } from '../../../shared/agent-api.ts';
import { describeNotice, type NumberCallingSettings, type NumberNotice } from '../../../shared/number-notices.ts';
import { formatInstant } from '../../lib/format.ts';

function when(notice: NumberNotice, now: number): string {
  if (notice.until !== null) return `Until ${formatInstant(Date.parse(notice.until), now)}.`;
  return notice.kind === 'restriction' ? 'WhatsApp gave no end date.' : `Since ${formatInstant(Date.parse(notice.since), now)}.`;
}

function NoticeLine({ notice, now }: { notice: NumberNotice; now: number }) {
  const { title, meaning } = describeNotice(notice);
  const loud = notice.pausesBusinessCalls;
  const Icon = notice.kind === 'restriction' ? Ban : TriangleAlert;
  return (
    <li data-testid="line-notice" data-kind={notice.kind} data-type={notice.type} className={`flex items-start gap-2 px-3 py-1.5 ${loud ? 'bg-rose-50 text-rose-900' : 'bg-amber-50 text-amber-950'}`}>
      <Icon aria-hidden="true" className={`mt-0.5 size-4 shrink-0 ${loud ? 'text-rose-700' : 'text-amber-600'}`} />
      <p className="min-w-0 text-sm">
        <span className="font-semibold">
          {notice.kind === 'restriction' ? 'Restriction' : 'Warning'}: {title}.
        </span>{' '}
        {meaning} <span className="tabular whitespace-nowrap">{when(notice, now)}</span>
      </p>
    </li>
  );
}

function settingsWorthSaying(s: NumberCallingSettings | null | undefined): string | null {
  if (!s) return null;
  const parts = [s.calling === 'disabled' && 'calling is turned off in this number’s settings', s.callIcon === 'hidden' && 'the call button is hidden from customers'].filter(Boolean);
  return parts.length === 0 ? null : `WhatsApp reports that ${parts.join(' and ')}.`;
}

export function LineNotices({ line }: { line: BusinessNumber | null }) {
  const notices = line?.notices ?? [];
  const settings = settingsWorthSaying(line?.callingSettings);
  if (!line || (notices.length === 0 && settings === null)) return null;
  const now = Date.now();
  return (
    <section aria-label={`WhatsApp notices for ${line.label}`} data-testid="line-notices" className="mx-3 mt-3 overflow-hidden rounded-lg border border-slate-300">
      <ul className="divide-y divide-white">
        {notices.map((n) => (
          <NoticeLine key={`${n.kind}:${n.type}`} notice={n} now={now} />
        ))}
        {settings && (
          <li data-testid="line-settings" className="bg-slate-50 px-3 py-1.5 text-sm text-slate-800">
            {settings}
          </li>
        )}
      </ul>
    </section>
  );
}
