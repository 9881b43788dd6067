/**
 * While a call rings and lasts, the side panel is about that customer: who, their permission and
 * quota on the call's line, why they called (the call button's or deep link's payload WhatsApp sent),
 * and their last calls with the notes agents left.
 */
import { useQuery } from '@tanstack/react-query';
import { MessageSquareQuote } from 'lucide-react';
import type { Party } from '../../../shared/call.ts';
import { CallQuota } from './precall-call.tsx';
import { callQueryOptions, contactQueryOptions } from './desk-api.ts';
import { ContactTimeline } from './contact-timeline.tsx';
import { PermissionBadge } from './permission-badge.tsx';

/** `load`: false while a ringing call's media is being prepared (its reads would delay the pre-accept). */
export function CallerContext({ party, callId, load = true }: { party: Party; callId: string | null; load?: boolean }) {
  const contact = useQuery({ ...contactQueryOptions(party.waId, party.businessNumberId), enabled: load });
  const call = useQuery({ ...callQueryOptions(callId ?? ''), enabled: load && callId !== null });
  const context = call.data?.context;
  return (
    <section aria-labelledby="caller-title" data-testid="caller-context" data-wa-id={party.waId} className="flex min-h-0 flex-1 flex-col rounded-lg border border-slate-300 bg-white">
      <div className="border-b border-slate-200 px-3 py-2">
        <h2 id="caller-title" className="truncate font-semibold">
          {party.name}
        </h2>
        <p className="tabular text-xs text-slate-600">{party.displayNumber}</p>
      </div>
      {/* Focusable, so keyboard users can scroll the customer's history (it may hold no control). */}
      <div tabIndex={0} aria-labelledby="caller-title" className="min-h-0 flex-1 divide-y divide-slate-100 overflow-y-auto focus-visible:outline-2 focus-visible:outline-sky-700">
        {(context?.ctaPayload || context?.deeplinkPayload) && (
          <div className="flex gap-2 bg-sky-50 px-3 py-2" data-testid="call-context-payload">
            <MessageSquareQuote aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-sky-800" />
            <p>
              <span className="block text-xs font-semibold text-sky-900">{context.ctaPayload ? 'Called from a call button' : 'Called from a link'}</span>
              <span className="break-all">{context.ctaPayload ?? context.deeplinkPayload}</span>
            </p>
          </div>
        )}
        {contact.data && (
          <div className="flex flex-col gap-1.5 px-3 py-2">
            <div className="flex items-center justify-between gap-2">
              <span className="text-xs font-semibold tracking-wide text-slate-600 uppercase">Permission</span>
              <PermissionBadge contact={contact.data} now={contact.data.eligibility.now} precise />
            </div>
            <CallQuota call={contact.data.eligibility.call} now={contact.data.eligibility.now} />
          </div>
        )}
        <ContactTimeline waId={party.waId} businessNumberId={party.businessNumberId} exceptCallId={callId ?? undefined} limit={5} title="Last calls and notes" load={load} />
      </div>
    </section>
  );
}
