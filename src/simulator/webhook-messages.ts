/**
 * `messages` webhooks the simulator sends (reference §4.4): a `call_permission_reply`, the user's
 * answer to a request, a grant or revoke from their profile, or WhatsApp's automatic callback grant
 * and revoke.
 */
import { envelope, unixSeconds, userBsuid, userPhone, type Contact } from './webhook-envelope.ts';
import type { BusinessNumber } from './world.ts';

/** A `call_permission_reply`: the user's answer to a request, or WhatsApp's automatic revoke. */
export interface PermissionReplyFacts {
  /** The reply message's wamid. */
  id: string;
  /**
   * `context.id`: the request's wamid, or the wacid of the user's call for a callback grant; null
   * when nothing is replied to (profile grant or revoke, automatic revoke).
   */
  requestId: string | null;
  response: 'accept' | 'reject';
  permanent: boolean;
  expiresAt?: number;
  at: number;
  source: 'user_action' | 'automatic';
}

/** `messages[]` with `interactive.call_permission_reply` on field `messages` (§4.4). */
export function permissionReplyWebhook(business: BusinessNumber, user: Contact, reply: PermissionReplyFacts) {
  const body = {
    response: reply.response,
    // §4.4: is_permanent absent on rejects; expiration_timestamp only on temporary accepts.
    ...(reply.response === 'accept' ? { is_permanent: reply.permanent } : {}),
    ...(reply.expiresAt === undefined ? {} : { expiration_timestamp: unixSeconds(reply.expiresAt) }),
    response_source: reply.source,
  };
  return envelope(business, 'messages', user, {
    messages: [{
      ...userPhone(user, 'from'), ...userBsuid(user, 'from_user_id'), id: reply.id, timestamp: unixSeconds(reply.at), type: 'interactive',
      // Meta's published sample puts the customer's number in context.from (§4.4); no context at
      // all for the automatic revoke after the unanswered streak.
      ...(reply.requestId === null ? {} : { context: { ...userPhone(user, 'from'), id: reply.requestId } }),
      interactive: { type: 'call_permission_reply', call_permission_reply: body },
    }],
  });
}
