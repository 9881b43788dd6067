/** The pre-dial panel's permission (state, where it came from, expiry) and unanswered streak. */
import { TriangleAlert } from 'lucide-react';
import type { Basis } from '../../../shared/agent-api.ts';
import type { Eligibility, PermissionView } from '../../../shared/policy/eligibility.ts';
import { formatInstant } from '../../lib/format.ts';
import { streakText } from './contact-policy.ts';

type At = (ms: number) => string;

/** How the current or last grant came about, in the agent's words. */
function grantedHow(p: PermissionView, at: At): string {
  const when = p.grantedAt === null ? '' : ` ${at(p.grantedAt)}`;
  switch (p.origin) {
    case 'request': return `Granted by the customer from a request${when}`;
    case 'profile': return `Granted by the customer from your WhatsApp profile${when}`;
    case 'callback': return `Granted by calling us${when}: the customer called, so WhatsApp allowed calls back`;
    default: return `Granted${when}`;
  }
}

function permanentHow(p: PermissionView, at: At): string {
  const since = p.grantedAt === null ? '' : ` since ${at(p.grantedAt)}`;
  switch (p.origin) {
    case 'request': return `Allowed permanently by the customer from a request${since}.`;
    case 'profile': return `Allowed permanently by the customer from your WhatsApp profile${since}.`;
    default: return `Allowed permanently${since}.`;
  }
}

function permissionLine(p: PermissionView, basis: Basis, at: At): string {
  switch (p.state) {
    case 'none':
      return basis === 'whatsapp' ? 'WhatsApp says the customer has not allowed calls from this business.' : 'The customer has never allowed calls from this business.';
    case 'temporary': {
      const how = p.grantedAt === null && p.origin === null && basis === 'whatsapp' ? 'WhatsApp says calls are allowed for now' : grantedHow(p, at);
      return p.expiresAt === null ? `${how}.` : `${how} · expires ${at(p.expiresAt)}.`;
    }
    case 'permanent':
      return p.grantedAt === null && basis === 'whatsapp' ? 'WhatsApp says the customer allows calls permanently.' : permanentHow(p, at);
    case 'declined':
      return `Declined by the customer${p.endedAt === null ? '' : ` ${at(p.endedAt)}`}.`;
    case 'expired':
      return `The temporary permission expired${p.endedAt === null ? '' : ` ${at(p.endedAt)}`}.`;
    case 'revoked':
      return `Revoked by ${p.source === 'automatic' ? 'WhatsApp' : 'the customer'}${p.endedAt === null ? '' : ` ${at(p.endedAt)}`}.`;
  }
}

export function PermissionDetail({ permission: p, basis, now }: { permission: PermissionView; basis: Basis; now: number }) {
  const at = (ms: number) => formatInstant(ms, now);
  return (
    <>
      <p data-testid="permission-detail" data-origin={p.origin ?? 'unknown'}>
        {permissionLine(p, basis, at)}
      </p>
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

export function StreakLine({ streak }: { streak: Eligibility['streak'] }) {
  const tone = streakTone(streak);
  return (
    <p data-testid="streak" data-tone={tone} className={streakClass[tone]}>
      {streak.nextUnansweredRevokes && <TriangleAlert aria-hidden="true" className="mr-1 inline size-3.5 align-[-2px] text-amber-600" />}
      {streakText(streak)}
    </p>
  );
}

/** One dot per call up to the revoke threshold; the reconsider threshold is ringed. Decorative. */
export function StreakDots({ streak }: { streak: Eligibility['streak'] }) {
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
