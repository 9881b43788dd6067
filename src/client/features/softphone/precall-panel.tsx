/**
 * "Before you call": for the selected contact, whether a call is allowed and why not, the call
 * quota, the unanswered streak, the request budget and form, the country rule and WhatsApp's own
 * answer. Everything is read from `contact.eligibility` — Ringside's estimate corrected by
 * WhatsApp's facts that still hold — and each part says whose figures it shows. It updates live
 * as the contacts query is invalidated. The sections live in `precall-*.tsx`.
 */
import { useQuery } from '@tanstack/react-query';
import { useId, type ReactNode } from 'react';
import type { BusinessNumber } from '../../../shared/agent-api.ts';
import type { Eligibility } from '../../../shared/policy/eligibility.ts';
import { regionName } from '../../lib/format.ts';
import { configQueryOptions } from '../../lib/session.ts';
import { BasisTag } from './basis-tag.tsx';
import { ContactTimeline } from './contact-timeline.tsx';
import { selectedContact, useLineContacts } from './contact-policy.ts';
import { PermissionBadge } from './permission-badge.tsx';
import { CallBlock, CallQuota } from './precall-call.tsx';
import { PermissionDetail, StreakDots, StreakLine } from './precall-permission.tsx';
import type { PreCallPanelProps } from './precall-props.ts';
import { RequestBlock, RequestBudget } from './precall-requests.tsx';
import { WhatsAppAnswer } from './precall-whatsapp.tsx';

/** The panel for the selected contact of `line` (the first contact until the agent picks one). */
export function PreCallSlot({ line, selectedWaId, shownWaIds = null }: { line: BusinessNumber | null; selectedWaId: string | null; shownWaIds?: readonly string[] | null }) {
  const { contacts, now } = useLineContacts(line);
  // Only a contact the list shows: one its filter hides has no panel.
  const shown = contacts && shownWaIds ? contacts.filter((c) => shownWaIds.includes(c.waId)) : contacts;
  const contact = shown ? selectedContact(shown, selectedWaId) : undefined;
  if (!line || !contact) {
    return (
      <section aria-label="Before you call" className="rounded-lg border border-slate-300 bg-white p-3 text-slate-600">
        {contacts?.length === 0 ? 'No contacts on this line.' : shown?.length === 0 ? 'No contact matches the filter.' : 'Select a contact to see whether you can call.'}
      </section>
    );
  }
  // Keyed by contact: a new contact starts at the top of the panel, not where the last one was scrolled.
  return <PreCallPanel key={contact.waId} contact={contact} line={line} now={now} />;
}

export function PreCallPanel({ contact, line, now }: PreCallPanelProps) {
  const titleId = useId();
  const e = contact.eligibility;
  return (
    <section
      aria-labelledby={titleId}
      data-testid="precall-panel"
      data-wa-id={contact.waId}
      className="flex min-h-0 flex-1 flex-col rounded-lg border border-slate-300 bg-white"
    >
      <div className="border-b border-slate-200 px-3 py-2">
        <h2 id={titleId} className="truncate font-semibold">
          Before you call {contact.name}
        </h2>
        <p className="tabular text-xs text-slate-600">
          {contact.displayNumber} · from {line.displayNumber}
        </p>
      </div>
      <CallBlock contact={contact} line={line} now={now} />
      <div tabIndex={0} aria-label="What WhatsApp allows" className="min-h-0 flex-1 divide-y divide-slate-100 overflow-y-auto focus-visible:outline-2 focus-visible:outline-sky-700">
        <Part title="Permission" tag={<BasisTag basis={contact.basis.permission} testId="permission-basis" />} aside={<PermissionBadge contact={contact} now={now} precise />}>
          <PermissionDetail permission={e.permission} basis={contact.basis.permission} now={now} />
        </Part>
        <Part title="Connected calls, last 24 h" hint="Only picked-up calls count, over a rolling 24 hours" tag={<BasisTag basis={contact.basis.calls} testId="calls-basis" />}>
          <CallQuota call={e.call} now={now} />
        </Part>
        <Part title="Unanswered streak" aside={<StreakDots streak={e.streak} />}>
          <StreakLine streak={e.streak} />
        </Part>
        <Part title="Permission requests" tag={<BasisTag basis={contact.basis.requests} testId="requests-basis" />} aside={<RequestBudget request={e.request} />}>
          <RequestBlock contact={contact} line={line} now={now} />
        </Part>
        <Part title="Country" aside={<span className="text-xs text-slate-600">{e.businessCountry ? `${regionName(e.businessCountry)} (${e.businessCountry})` : 'Not placed'}</span>}>
          <CountryDetail eligibility={e} />
        </Part>
        <Part title="WhatsApp's answer">
          <WhatsAppAnswer contact={contact} line={line} now={now} />
        </Part>
        <ContactTimeline waId={contact.waId} businessNumberId={line.id} limit={10} />
      </div>
      <PolicyFooter tier={e.tier} />
    </section>
  );
}

/** One section: its title, whose figures it shows (`tag`), and a figure or badge on the right (`aside`). */
function Part({ title, hint, tag, aside, children }: { title: string; hint?: string; tag?: ReactNode; aside?: ReactNode; children: ReactNode }) {
  return (
    <div className="px-3 py-2">
      <div className="mb-1 flex flex-wrap items-center gap-x-2 gap-y-0.5">
        <h3 title={hint} className="text-[11px] font-semibold tracking-wide whitespace-nowrap text-slate-500 uppercase">{title}</h3>
        {tag}
        <span className="ml-auto flex items-center gap-2">{aside}</span>
      </div>
      {children}
    </div>
  );
}

function CountryDetail({ eligibility: e }: { eligibility: Eligibility }) {
  const restricted = e.call.refusals.some((r) => r.reason === 'country_unavailable');
  const disabled = e.call.refusals.some((r) => r.reason === 'calling_disabled');
  return (
    <p data-testid="country" data-allowed={!restricted} className={restricted ? 'text-rose-800' : 'text-slate-700'}>
      {restricted
        ? 'Business-initiated calls are not available from this country; customers can still call you.'
        : e.businessCountry === null
          ? 'No country restriction applies to this number (test number).'
          : 'Business-initiated calls are allowed.'}
      {disabled && ' Calling is turned off in this number’s call settings.'}
    </p>
  );
}

function PolicyFooter({ tier }: { tier: Eligibility['tier'] }) {
  const config = useQuery(configQueryOptions());
  const profile = config.data?.policyProfile;
  if (!profile) return null;
  return (
    <p data-testid="policy-profile" data-profile={profile.id} title={profile.label} className="truncate border-t border-slate-200 px-3 py-1 text-[11px] text-slate-500">
      Limits: {profile.label.split(':')[0]} · {tier} number
    </p>
  );
}
