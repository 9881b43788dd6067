/**
 * Permissions the user gives or takes back outside a request's reply (reference §4.1): a grant from
 * the business's profile (temporary or permanent; `call_permission_reply` accept without
 * `context`), declining the open request, revoking, and WhatsApp's automatic callback permission
 * when the user calls a number that has `callback_permission_status: ENABLED`.
 */
import type { UserPermissionAction } from '../shared/sim-api.ts';
import type { SimCall } from './call-registry.ts';
import { ControlError } from './control-errors.ts';
import { evaluateNow } from './pair-policy.ts';
import { recordPermissionReply } from './permission-replies.ts';
import { isOpen, replyToPermissionRequest } from './permission-requests.ts';
import type { SimContext } from './sim-context.ts';
import type { BusinessNumber } from './world.ts';

const profileText: Record<'grant_temporary' | 'grant_permanent' | 'revoke', (name: string) => string> = {
  grant_temporary: (name) => `You allowed ${name} to call you for 7 days.`,
  grant_permanent: (name) => `You always allow ${name} to call you.`,
  revoke: (name) => `You no longer allow ${name} to call you.`,
};

const inForce = (ctx: SimContext, business: BusinessNumber, waId: string) => {
  const { state } = evaluateNow(ctx, business, waId).permission;
  return state === 'temporary' || state === 'permanent' ? state : null;
};

/** The user acts on their own; returns the reply's wamid. Throws a ControlError when there is nothing to act on. */
export function userPermissionAction(ctx: SimContext, business: BusinessNumber, waId: string, action: UserPermissionAction): string {
  const now = ctx.clock.now();
  if (action === 'decline') {
    const open = [...ctx.world.requests.values()].filter((r) => r.waId === waId && r.phoneNumberId === business.phoneNumberId && isOpen(ctx, r, now)).at(-1);
    if (!open) throw new ControlError('conflict', `${waId} has no open permission request from ${business.name} to decline.`);
    return replyToPermissionRequest(ctx, waId, open.id, 'decline');
  }
  if (action === 'revoke' && inForce(ctx, business, waId) === null) {
    throw new ControlError('conflict', `${waId} has no permission in force for ${business.name} to revoke.`);
  }
  // UNCONFIRMED: Meta documents no webhook for a revoke from the profile; we send a reject
  // user_action without context, the shape of the documented profile grant.
  const reply = recordPermissionReply(ctx, business, waId, {
    response: action === 'revoke' ? 'reject' : 'accept', permanent: action === 'grant_permanent', source: 'user_action', context: null,
  });
  ctx.world.addMessage(waId, { id: reply.id, kind: 'user', text: profileText[action](business.name), at: now });
  ctx.phones.notify(waId, 'message');
  return reply.id;
}

/**
 * Callback permission (reference §4.1 item 2): a call from the user to a number with
 * `callback_permission_status: ENABLED`, missed or connected, grants a temporary permission, sent
 * as an automatic reply whose `context.id` is the call's wacid. A permanent permission is kept as is.
 */
export function grantCallbackPermission(ctx: SimContext, business: BusinessNumber, call: SimCall): void {
  if (business.calling.callback_permission_status !== 'ENABLED' || inForce(ctx, business, call.waId) === 'permanent') return;
  recordPermissionReply(ctx, business, call.waId, { response: 'accept', permanent: false, source: 'automatic', context: call.id });
}
