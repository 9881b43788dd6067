/**
 * A contact's story on a line, newest first: calls (outcome, agent, disposition, notes) and
 * permission facts (requests sent, grants, declines, revokes). Shown for the selected contact and in
 * the caller context.
 */
import { useQuery } from '@tanstack/react-query';
import { PhoneIncoming, PhoneOutgoing, ShieldCheck, ShieldX, Send } from 'lucide-react';
import type { TimelineItem } from '../../../shared/agent-api.ts';
import { formatCallTime, formatDuration } from '../../lib/format.ts';
import { timelineQueryOptions } from './desk-api.ts';
import { outcomeLabel, outcomeNeedsAttention } from './outcome-label.ts';

interface ContactTimelineProps {
  waId: string;
  businessNumberId: string;
  /** Leave out this call (the one in progress). */
  exceptCallId?: string;
  /** Show at most this many lines. */
  limit?: number;
  /** False to hold the read back for now (a ringing call being prepared). */
  load?: boolean;
  title?: string;
}

export function ContactTimeline({ waId, businessNumberId, exceptCallId, limit = 20, title = 'History with this customer', load = true }: ContactTimelineProps) {
  const timeline = useQuery({ ...timelineQueryOptions(waId, businessNumberId), enabled: load });
  const items = (timeline.data ?? []).filter((i) => !(i.kind === 'call' && i.call.id === exceptCallId)).slice(0, limit);
  return (
    <section aria-label={title} data-testid="contact-timeline" className="px-3 py-2">
      <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase">{title}</h3>
      {timeline.isPending && <p className="text-slate-600">Loading…</p>}
      {timeline.data && items.length === 0 && <p className="text-slate-600">Nothing yet.</p>}
      {items.length > 0 && (
        <ol className="flex flex-col gap-1.5">
          {items.map((item) => (
            <li key={`${item.kind}:${item.at}:${item.kind === 'call' ? item.call.id : ''}`} data-testid="timeline-item" data-kind={item.kind} className="flex gap-2">
              <ItemIcon item={item} />
              <div className="min-w-0 flex-1">
                <ItemText item={item} />
                <time dateTime={item.at} className="tabular block text-xs text-slate-600">
                  {formatCallTime(item.at)}
                </time>
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function ItemIcon({ item }: { item: TimelineItem }) {
  const className = 'mt-0.5 size-3.5 shrink-0 text-slate-600';
  if (item.kind === 'call') {
    const Icon = item.call.direction === 'user_initiated' ? PhoneIncoming : PhoneOutgoing;
    return <Icon aria-hidden="true" className={outcomeNeedsAttention(item.call) ? `${className} text-rose-700` : className} />;
  }
  if (item.kind === 'request') return <Send aria-hidden="true" className={className} />;
  return item.response === 'accept' ? <ShieldCheck aria-hidden="true" className={className} /> : <ShieldX aria-hidden="true" className={className} />;
}

function ItemText({ item }: { item: TimelineItem }) {
  switch (item.kind) {
    case 'call': {
      const c = item.call;
      return (
        <p>
          <span className="font-medium">{c.direction === 'user_initiated' ? 'Called in' : 'Called'}</span>
          {' · '}
          {outcomeLabel(c)}
          {c.durationSeconds ? ` · ${formatDuration(c.durationSeconds)}` : ''}
          {c.agentName && <span className="text-slate-600"> · {c.agentName}</span>}
          {c.disposition && (
            <span className="ml-1 inline-block rounded bg-slate-100 px-1 text-xs text-slate-800" data-testid="timeline-disposition">
              {c.disposition}
            </span>
          )}
          {c.notes && <span className="block text-slate-700 italic" data-testid="timeline-notes">“{c.notes}”</span>}
        </p>
      );
    }
    case 'request':
      return <p>Permission requested {item.via === 'template' ? 'with the template' : 'in the chat'}</p>;
    case 'permission':
      if (item.response === 'accept') {
        const until = item.permanent ? 'permanently' : item.expiresAt ? `until ${formatCallTime(item.expiresAt)}` : 'for a while';
        return <p>Allowed calls {until}{item.source === 'automatic' ? ' (by calling us)' : ''}</p>;
      }
      return <p>{item.source === 'automatic' ? 'WhatsApp revoked the permission (unanswered calls)' : 'Declined calls'}</p>;
  }
}
