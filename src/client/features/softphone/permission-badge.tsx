import type { Contact, PermissionStatus } from '../../../shared/agent-api.ts';
import { Badge, type BadgeTone } from '../../components/ui/badge.tsx';
import { formatCountdown, formatInstant } from '../../lib/format.ts';
import { notOnWhatsApp, permissionStatusOf } from './contact-policy.ts';

export const permissionLook: Record<PermissionStatus, { tone: BadgeTone; text: string }> = {
  none: { tone: 'neutral', text: 'No permission' },
  requested: { tone: 'info', text: 'Requested' },
  temporary: { tone: 'success', text: 'Temporary' },
  permanent: { tone: 'success', text: 'Permanent' },
  declined: { tone: 'danger', text: 'Declined' },
  revoked: { tone: 'danger', text: 'Revoked' },
  expired: { tone: 'warning', text: 'Expired' },
};

/** The permission badge; a temporary permission counts down ("expires in 6 d"). `now` is the policy clock. */
export function PermissionBadge({ contact, now, precise = false }: { contact: Contact; now: number; precise?: boolean }) {
  if (notOnWhatsApp(contact)) {
    return (
      <Badge tone="danger" data-testid="permission-badge" data-status="not_on_whatsapp">
        Not on WhatsApp
      </Badge>
    );
  }
  const status = permissionStatusOf(contact);
  const { tone, text } = permissionLook[status];
  const expiresAt = contact.eligibility.permission.expiresAt;
  const left = status === 'temporary' && expiresAt !== null && expiresAt > now ? formatCountdown(expiresAt - now, !precise) : null;
  return (
    <Badge tone={tone} data-testid="permission-badge" data-status={status} title={left && expiresAt !== null ? `Expires ${formatInstant(expiresAt, now)}` : undefined}>
      {text}
      {left && <span className="tabular font-normal"> · expires in {left}</span>}
    </Badge>
  );
}
