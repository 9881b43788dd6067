/**
 * "Before you call": for the selected contact, whether a call is allowed and why not, the call
 * quota, the unanswered streak, the request budget and form, the country rule and WhatsApp's own
 * answer. Everything is read from `contact.eligibility` (the shared policy, evaluated on the
 * server) and worded with `describeRefusal`; it updates live as the contacts query is invalidated.
 */
import { useQuery } from '@tanstack/react-query';
import { MessageSquare, Phone, RefreshCw, TriangleAlert } from 'lucide-react';
import { useId, type ReactNode } from 'react';
import type { BusinessNumber, Contact, MetaPermissionView } from '../../../shared/agent-api.ts';
import { can } from '../../../shared/call.ts';
import { describeRefusal } from '../../../shared/policy/describe.ts';
import type { Eligibility } from '../../../shared/policy/eligibility.ts';
import { Button } from '../../components/ui/button.tsx';
import { formatInstant, regionName } from '../../lib/format.ts';
import { configQueryOptions } from '../../lib/session.ts';
import { useRefreshPermission, useRequestPermission } from './api.ts';
import { useCall } from './call-context.tsx';
import { callQuotaText, metaDisagreements, selectedContact, streakText, timeFormatter, useLineContacts } from './contact-policy.ts';
import { useDial } from './dial-guard.tsx';
import { PermissionBadge } from './permission-badge.tsx';

/** The panel for the selected contact of `line` (the first contact until the agent picks one). */
export function PreCallSlot({ line, selectedWaId }: { line: BusinessNumber | null; selectedWaId: string | null }) {
  const { contacts, now } = useLineContacts(line);
  const contact = contacts ? selectedContact(contacts, selectedWaId) : undefined;
  if (!line || !contact) {
    return (
      <section aria-label="Before you call" className="rounded-lg border border-slate-300 bg-white p-3 text-slate-600">
        {contacts?.length === 0 ? 'No contacts on this line.' : 'Select a contact to see whether you can call.'}
      </section>
    );
  }
  // Keyed by contact: a new contact starts at the top of the panel, not where the last one was scrolled.
  return <PreCallPanel key={contact.waId} contact={contact} line={line} now={now} />;
}

interface PreCallPanelProps {
  contact: Contact;
  line: BusinessNumber;
  /** The policy clock: `eligibility.now` advanced by the browser's clock since the fetch. */
  now: number;
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
      <div className="min-h-0 flex-1 divide-y divide-slate-100 overflow-y-auto">
        <Part title="Permission" aside={<PermissionBadge contact={contact} now={now} precise />}>
          <PermissionDetail permission={e.permission} now={now} />
        </Part>
        <Part title="Calls today" aside={<span className="text-xs text-slate-500">only picked-up calls count, for 24 h</span>}>
          <CallQuota call={e.call} now={now} />
        </Part>
        <Part title="Unanswered streak" aside={<StreakDots streak={e.streak} />}>
          <p data-testid="streak" data-tone={streakTone(e.streak)} className={streakClass[streakTone(e.streak)]}>
            {e.streak.nextUnansweredRevokes && <TriangleAlert aria-hidden="true" className="mr-1 inline size-3.5 align-[-2px] text-amber-600" />}
            {streakText(e.streak)}
          </p>
        </Part>
        <Part
          title="Permission requests"
          aside={
            <span className="tabular text-xs whitespace-nowrap text-slate-600" data-testid="request-budget">
              <span aria-hidden="true">
                {e.request.day.used}/{e.request.day.max} today · {e.request.week.used}/{e.request.week.max} this week
              </span>
              <span className="sr-only">
                {e.request.day.used} of {e.request.day.max} requests used today, {e.request.week.used} of {e.request.week.max} this week
              </span>
            </span>
          }
        >
          <RequestBlock contact={contact} line={line} now={now} />
        </Part>
        <Part title="Country" aside={<span className="text-xs text-slate-600">{e.businessCountry ? `${regionName(e.businessCountry)} (${e.businessCountry})` : 'Not placed'}</span>}>
          <CountryDetail eligibility={e} />
        </Part>
        <Part title="WhatsApp's answer">
          <MetaAnswer contact={contact} line={line} now={now} />
        </Part>
      </div>
      <PolicyFooter tier={e.tier} />
    </section>
  );
}

function Part({ title, aside, children }: { title: string; aside?: ReactNode; children: ReactNode }) {
  return (
    <div className="px-3 py-2">
      <div className="mb-1 flex items-center justify-between gap-2">
        <h3 className="text-[11px] font-semibold tracking-wide whitespace-nowrap text-slate-500 uppercase">{title}</h3>
        {aside}
      </div>
      {children}
    </div>
  );
}

// ---- call --------------------------------------------------------------------------------

function CallBlock({ contact, line, now }: PreCallPanelProps) {
  const dial = useDial();
  const canDial = useCall((s) => can(s.call, 'dial'));
  const reasonId = useId();
  const { call, streak } = contact.eligibility;
  const fmt = timeFormatter(now);
  const [first, ...more] = call.refusals;
  return (
    <div className="flex items-start gap-3 border-b border-slate-200 bg-slate-50 px-3 py-2.5">
      <Button
        variant="primary"
        aria-label={`Place call to ${contact.name}`}
        aria-describedby={reasonId}
        data-testid="precall-call"
        icon={<Phone aria-hidden="true" className="size-4" />}
        disabled={!canDial || !call.allowed}
        onClick={() => dial({ contact, businessNumberId: line.id })}
      >
        Place call
      </Button>
      <div id={reasonId} className="min-w-0 flex-1 text-xs leading-4">
        {first ? (
          <>
            <p data-testid="call-refusal" data-code={first.code} className="font-medium text-rose-800">
              {describeRefusal(first, fmt)}
            </p>
            {more.length > 0 && (
              <details className="mt-1 text-slate-700">
                <summary className="cursor-pointer text-slate-600">
                  {more.length} more {more.length === 1 ? 'reason' : 'reasons'}
                </summary>
                <ul className="mt-1 list-disc space-y-1 pl-4">
                  {more.map((r) => (
                    <li key={r.reason}>{describeRefusal(r, fmt)}</li>
                  ))}
                </ul>
              </details>
            )}
          </>
        ) : !canDial ? (
          <p data-testid="call-busy" className="text-slate-700">Finish the current call first.</p>
        ) : streak.nextUnansweredRevokes ? (
          <p data-testid="call-allowed" className="font-medium text-amber-900">
            Possible, but if this call goes unanswered WhatsApp revokes permission. You will be asked to confirm.
          </p>
        ) : (
          <p data-testid="call-allowed" className="text-emerald-800">
            Calling is possible now.
          </p>
        )}
      </div>
    </div>
  );
}

function CallQuota({ call, now }: { call: Eligibility['call']; now: number }) {
  const pct = call.max > 0 ? Math.min(100, (call.used / call.max) * 100) : 100;
  const full = call.used >= call.max;
  const fill = full ? 'bg-rose-600' : call.max - call.used <= Math.ceil(call.max / 5) ? 'bg-amber-500' : 'bg-emerald-600';
  return (
    <>
      <div
        role="meter"
        aria-label="Connected calls used"
        aria-valuemin={0}
        aria-valuemax={call.max}
        aria-valuenow={Math.min(call.used, call.max)}
        aria-valuetext={`${call.used} of ${call.max} connected calls used`}
        className="h-1.5 overflow-hidden rounded-full bg-slate-200"
      >
        <div className={`h-full rounded-full ${fill}`} style={{ width: `${pct}%` }} />
      </div>
      <p data-testid="quota-calls" className={`tabular mt-1 ${full ? 'font-medium text-rose-800' : ''}`}>
        {callQuotaText(call, now)}
      </p>
    </>
  );
}

// ---- permission and streak ---------------------------------------------------------------

function PermissionDetail({ permission: p, now }: { permission: Eligibility['permission']; now: number }) {
  const at = (ms: number) => formatInstant(ms, now);
  const by = p.source === 'automatic' ? 'WhatsApp' : 'the customer';
  let line: string;
  switch (p.state) {
    case 'none':
      line = 'The customer has never allowed calls from this business.';
      break;
    case 'temporary': {
      const granted = p.grantedAt === null ? 'Granted' : `Granted ${at(p.grantedAt)}`;
      const how = p.source === 'automatic' ? ' when the customer called' : '';
      line = p.expiresAt === null ? `${granted}${how}.` : `${granted}${how} · expires ${at(p.expiresAt)}.`;
      break;
    }
    case 'permanent':
      line = `Allowed permanently${p.grantedAt === null ? '' : ` since ${at(p.grantedAt)}`}.`;
      break;
    case 'declined':
      line = `Declined by the customer${p.endedAt === null ? '' : ` ${at(p.endedAt)}`}.`;
      break;
    case 'expired':
      line = `The temporary permission expired${p.endedAt === null ? '' : ` ${at(p.endedAt)}`}.`;
      break;
    case 'revoked':
      line = `Revoked by ${by}${p.endedAt === null ? '' : ` ${at(p.endedAt)}`}.`;
      break;
  }
  return (
    <>
      <p data-testid="permission-detail">{line}</p>
      {p.pendingRequestAt !== null && (
        <p data-testid="pending-request" className="text-xs text-slate-600">
          Request sent {at(p.pendingRequestAt)}, awaiting the customer's reply.
        </p>
      )}
    </>
  );
}

type Tone = 'calm' | 'notice' | 'warning' | 'danger';
const streakClass: Record<Tone, string> = {
  calm: 'text-slate-700',
  notice: 'text-slate-900',
  warning: 'font-medium text-amber-900',
  danger: 'font-medium text-rose-800',
};

function streakTone(s: Eligibility['streak']): Tone {
  if (s.revoked) return 'danger';
  if (s.nextUnansweredRevokes) return 'warning';
  return s.count > 0 ? 'notice' : 'calm';
}

/** One dot per call up to the revoke threshold; the reconsider threshold is ringed. Decorative. */
function StreakDots({ streak }: { streak: Eligibility['streak'] }) {
  if (streak.revokeThreshold > 12) return <span className="tabular text-xs text-slate-600">{streak.count} of {streak.revokeThreshold}</span>;
  return (
    <span aria-hidden="true" title={`Reconsider at ${streak.reconsiderThreshold}, revoke at ${streak.revokeThreshold}`} className="flex items-center gap-0.5">
      {Array.from({ length: streak.revokeThreshold }, (_, i) => (
        <span
          key={i}
          className={`size-2 rounded-full ${i < streak.count ? (streak.revoked ? 'bg-rose-600' : streak.reconsiderSent ? 'bg-amber-500' : 'bg-slate-500') : 'bg-slate-300'} ${i === streak.reconsiderThreshold ? 'ml-1.5' : ''}`}
        />
      ))}
    </span>
  );
}

// ---- requests ----------------------------------------------------------------------------

function RequestBlock({ contact, line, now }: PreCallPanelProps) {
  const ask = useRequestPermission();
  const reasonId = useId();
  const { request } = contact.eligibility;
  const fmt = timeFormatter(now);
  const windowUntil = contact.serviceWindowOpenUntil === null ? null : Date.parse(contact.serviceWindowOpenUntil);
  const first = request.refusals[0];
  return (
    <>
      <p data-testid="request-via" data-via={request.via} className="flex items-start gap-1.5 text-xs text-slate-700">
        <MessageSquare aria-hidden="true" className="mt-px size-3.5 shrink-0 text-slate-500" />
        <span>
          {request.via === 'free_form'
            ? `A request goes out as a free-form message: the customer-service window is open${windowUntil === null ? '' : ` until ${fmt(windowUntil)}`}.`
            : 'A request goes out as the permission template: the customer-service window is closed (it opens when the customer messages or calls).'}
        </span>
      </p>
      <Button
        size="sm"
        // The next step when the only way to call is the customer's permission.
        variant={request.allowed && contact.eligibility.call.refusals[0]?.code === 138006 ? 'primary' : 'secondary'}
        className="mt-1.5"
        data-testid="request-permission"
        aria-describedby={first ? reasonId : undefined}
        disabled={!request.allowed || ask.isPending}
        onClick={() => ask.mutate({ contact, businessNumberId: line.id })}
      >
        {ask.isPending ? 'Sending…' : 'Request permission'}
      </Button>
      {first && (
        <p id={reasonId} data-testid="request-refusal" data-code={first.code} className="mt-1 text-xs leading-4 text-slate-700">
          {describeRefusal(first, fmt)}
        </p>
      )}
    </>
  );
}

// ---- country and Meta --------------------------------------------------------------------

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

const metaStatusText: Record<MetaPermissionView['status'], string> = {
  no_permission: 'No permission',
  temporary: 'Temporary permission',
  permanent: 'Permanent permission',
};

function MetaAnswer({ contact, line, now }: PreCallPanelProps) {
  const refresh = useRefreshPermission();
  const meta = contact.meta;
  const differs = metaDisagreements(contact);
  const at = (iso: string) => formatInstant(Date.parse(iso), now);
  return (
    <div data-testid="meta-answer" data-fetched={meta !== null} data-agrees={differs.length === 0} className="flex items-start gap-3">
      <div className="min-w-0 flex-1 text-xs leading-4">
        {meta === null ? (
          <p className="text-slate-600">Not checked yet: the panel shows Ringside’s own estimate.</p>
        ) : (
          <>
            <p className="text-slate-800">
              {metaStatusText[meta.status]}
              {meta.expiresAt && `, expires ${at(meta.expiresAt)}`} · {meta.canCall ? 'can call' : 'cannot call'} · {meta.canRequest ? 'can request' : 'cannot request'}
              {meta.callsUsed !== null && meta.callsMax !== null && ` · ${meta.callsUsed} of ${meta.callsMax} calls used`}
            </p>
            <p className="text-slate-500">Checked {at(meta.fetchedAt)}</p>
            {differs.length > 0 && (
              <p data-testid="meta-disagrees" className="mt-1 font-medium text-amber-900">
                WhatsApp’s answer differs from Ringside’s estimate on {differs.join(', ')}. WhatsApp’s answer is the one that counts.
              </p>
            )}
          </>
        )}
      </div>
      <Button
        size="sm"
        variant="secondary"
        icon={<RefreshCw aria-hidden="true" className={`size-3.5 ${refresh.isPending ? 'animate-spin' : ''}`} />}
        disabled={refresh.isPending}
        onClick={() => refresh.mutate({ contact, businessNumberId: line.id })}
      >
        {meta === null ? 'Check with WhatsApp' : 'Check again'}
      </Button>
    </div>
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
