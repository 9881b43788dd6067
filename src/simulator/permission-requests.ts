/**
 * Call permission requests (reference §4): the business sends one (interactive or template), the
 * user's phone shows it, and the user (script or person) accepts for 7 days, accepts permanently,
 * declines, or ignores it. A reply becomes a `messages` webhook with `call_permission_reply`.
 */
import { ControlError } from './control-errors.ts';
import { newMessageId } from './ids.ts';
import { checkPermissionRequest } from './pair-policy.ts';
import { recordPermissionReply } from './permission-replies.ts';
import type { SimContext } from './sim-context.ts';
import type { BusinessNumber, PermissionRequest } from './world.ts';
import { idSubject } from './world-users.ts';

/** A user's answer to a request. */
export type ReplyChoice = 'accept' | 'accept_permanent' | 'decline';

/** Requests the user can still answer: not answered, not older than the profile's request lifetime (reference §4.1). */
export function isOpen(ctx: SimContext, request: PermissionRequest, now: number): boolean {
  return request.repliedAt === null && now < request.sentAt + ctx.policy.profile.requestLifetimeMs;
}

/**
 * Sends a request to `waId`, or throws Meta's error (138000, 138013, 131026 not on WhatsApp, 138017,
 * 138009), and records it in the pair's ledger with its wamid as id.
 */
export function sendPermissionRequest(
  ctx: SimContext,
  business: BusinessNumber,
  request: { waId: string; via: PermissionRequest['via']; body: string | null },
): PermissionRequest {
  const { waId } = request;
  const now = ctx.clock.now();
  checkPermissionRequest(ctx, business, waId);

  const sent: PermissionRequest = {
    id: newMessageId(idSubject(ctx.world.user(waId))), phoneNumberId: business.phoneNumberId, waId, body: request.body, via: request.via, sentAt: now, repliedAt: null,
  };
  ctx.world.ledgers.append(business.phoneNumberId, waId, { type: 'permission_requested', id: sent.id, at: now, via: request.via });
  ctx.world.addRequest(sent);
  ctx.world.addMessage(waId, { id: sent.id, kind: 'business', text: `${business.name}: ${request.body ?? 'Allow calls from this business?'}`, at: now });
  ctx.phones.notify(waId, 'permission.requested');

  const user = ctx.world.user(waId);
  if (user.onPermissionRequest !== 'ignore') {
    ctx.clock.setTimer(user.answerAfterMs, () => {
      const choice = user.onPermissionRequest;
      if (choice === 'ignore' || ctx.phones.isAttached(waId) || !isOpen(ctx, sent, ctx.clock.now())) return;
      replyToPermissionRequest(ctx, waId, sent.id, choice === 'decline' ? 'decline' : choice);
    });
  }
  return sent;
}

const replyText: Record<ReplyChoice, string> = {
  accept: 'You allowed calls from this business for 7 days.',
  accept_permanent: 'You always allow calls from this business.',
  decline: "You declined calls from this business.",
};

/** The user answers an open request: ledger entry, chat line, `messages` webhook (§4.4). Returns the reply's wamid. */
export function replyToPermissionRequest(ctx: SimContext, waId: string, requestId: string, choice: ReplyChoice): string {
  const request = ctx.world.requests.get(requestId);
  if (!request || request.waId !== waId) throw new ControlError('not_found', `No permission request ${requestId} for ${waId}.`);
  const now = ctx.clock.now();
  if (!isOpen(ctx, request, now)) throw new ControlError('conflict', `Permission request ${requestId} was already answered or has expired.`);
  const business = ctx.world.business(request.phoneNumberId);
  if (!business) throw new ControlError('not_found', `Business number ${request.phoneNumberId} no longer exists.`);

  const reply = recordPermissionReply(ctx, business, waId, {
    response: choice === 'decline' ? 'reject' : 'accept', permanent: choice === 'accept_permanent', source: 'user_action', context: requestId,
  });
  ctx.world.markReplied(request, now);
  ctx.world.addMessage(waId, { id: reply.id, kind: 'user', text: replyText[choice], at: now });
  ctx.phones.notify(waId, 'message');
  return reply.id;
}
