/**
 * Call permission requests (reference §4): the business sends one (interactive or template), the
 * user's phone shows it, and the user (script or person) accepts for 7 days, accepts permanently,
 * declines, or ignores it. A reply becomes a `messages` webhook with `call_permission_reply`.
 */
import { ControlError } from './control-errors.ts';
import { GraphError } from './graph-errors.ts';
import { newMessageId } from './ids.ts';
import { checkPermissionRequest, simPolicy } from './permission-check.ts';
import type { SimContext } from './sim-context.ts';
import { permissionReplyWebhook } from './webhook-payloads.ts';
import { isOnWhatsApp, type BusinessNumber, type PermissionRequest } from './world.ts';

/** A user's answer to a request. */
export type ReplyChoice = 'accept' | 'accept_permanent' | 'decline';

// Reference §4.1: a request expires 7 days after delivery without a response.
const REQUEST_LIFETIME_MS = 7 * 24 * 3_600_000;

/** Requests the user can still answer. */
export function isOpen(request: PermissionRequest, now: number): boolean {
  return request.repliedAt === null && now < request.sentAt + REQUEST_LIFETIME_MS;
}

/** Sends a request to `waId`, or throws Meta's error (131026 not on WhatsApp, 138017, 138009). */
export function sendPermissionRequest(
  ctx: SimContext,
  business: BusinessNumber,
  request: { waId: string; via: PermissionRequest['via']; body: string | null },
): PermissionRequest {
  const { waId } = request;
  const now = ctx.clock.now();
  // Meta accepts the message and reports the failure later; the simulator refuses at once (documented).
  if (!isOnWhatsApp(waId)) throw new GraphError(131026, `Message undeliverable: ${waId} is not on WhatsApp.`);
  const refusal = checkPermissionRequest(ctx.world.ledgers.entries(business.phoneNumberId, waId), now, business.profile);
  if (refusal) throw new GraphError(refusal.code, refusal.details);

  const sent: PermissionRequest = {
    id: newMessageId(waId), phoneNumberId: business.phoneNumberId, waId, body: request.body, via: request.via, sentAt: now, repliedAt: null,
  };
  ctx.world.ledgers.append(business.phoneNumberId, waId, { type: 'permission_requested', id: sent.id, at: now, via: request.via });
  ctx.world.requests.set(sent.id, sent);
  ctx.world.addMessage(waId, { id: sent.id, kind: 'business', text: `${business.name}: ${request.body ?? 'Allow calls from this business?'}`, at: now });
  ctx.phones.notify(waId, 'permission.requested');

  const user = ctx.world.user(waId);
  if (user.onPermissionRequest !== 'ignore') {
    ctx.clock.setTimer(user.answerAfterMs, () => {
      const choice = user.onPermissionRequest;
      if (choice === 'ignore' || ctx.phones.isAttached(waId) || !isOpen(sent, ctx.clock.now())) return;
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

/** The user answers an open request: ledger entry, chat line, `messages` webhook (§4.4). */
export function replyToPermissionRequest(ctx: SimContext, waId: string, requestId: string, choice: ReplyChoice): void {
  const request = ctx.world.requests.get(requestId);
  if (!request || request.waId !== waId) throw new ControlError('not_found', `No permission request ${requestId} for ${waId}.`);
  const now = ctx.clock.now();
  if (!isOpen(request, now)) throw new ControlError('conflict', `Permission request ${requestId} was already answered or has expired.`);
  const business = ctx.world.business(request.phoneNumberId);
  if (!business) throw new ControlError('not_found', `Business number ${request.phoneNumberId} no longer exists.`);

  const id = newMessageId(waId);
  const response = choice === 'decline' ? 'reject' as const : 'accept' as const;
  const permanent = choice === 'accept_permanent';
  // Whole seconds, so the simulator and a server reading `expiration_timestamp` agree to the ms.
  const expiresAt = choice === 'accept' ? (Math.floor(now / 1000) * 1000) + simPolicy.temporaryPermissionMs : undefined;
  ctx.world.ledgers.append(business.phoneNumberId, waId, {
    type: 'permission_replied', id, at: now, response, permanent, source: 'user_action', ...(expiresAt === undefined ? {} : { expiresAt }),
  });
  request.repliedAt = now;
  ctx.world.addMessage(waId, { id, kind: 'user', text: replyText[choice], at: now });

  const user = ctx.world.user(waId);
  ctx.webhooks.send({
    orderKey: `messages:${business.phoneNumberId}:${waId}`,
    event: 'call_permission_reply',
    callId: null,
    messageId: id,
    payload: permissionReplyWebhook(business, { waId, name: user.name }, { id, requestId, response, permanent, at: now, ...(expiresAt === undefined ? {} : { expiresAt }) }),
  });
  ctx.phones.notify(waId, 'message');
}
