import type { PermissionStatus, PermissionView } from '../../../shared/agent-api.ts';
import { Badge, type BadgeTone } from '../../components/ui/badge.tsx';
import { timeLeft } from '../../lib/format.ts';

const look: Record<PermissionStatus, { tone: BadgeTone; text: string }> = {
  none: { tone: 'neutral', text: 'No permission' },
  requested: { tone: 'info', text: 'Requested' },
  temporary: { tone: 'success', text: 'Temporary' },
  permanent: { tone: 'success', text: 'Permanent' },
  declined: { tone: 'danger', text: 'Declined' },
  revoked: { tone: 'danger', text: 'Revoked' },
  expired: { tone: 'warning', text: 'Expired' },
};

/** Statuses from which the agent may ask the customer for call permission. */
export const askable: ReadonlySet<PermissionStatus> = new Set(['none', 'declined', 'revoked', 'expired']);

export function PermissionBadge({ permission }: { permission: PermissionView }) {
  const { tone, text } = look[permission.status];
  const left = permission.status === 'temporary' && permission.expiresAt ? timeLeft(permission.expiresAt) : null;
  return (
    <Badge
      tone={tone}
      data-testid="permission-badge"
      title={permission.expiresAt ? `Expires ${new Date(permission.expiresAt).toLocaleString()}` : undefined}
      data-status={permission.status}
    >
      {text}
      {left && <span className="font-normal"> · expires in {left}</span>}
    </Badge>
  );
}
