/**
 * One `call_permission_reply` as Meta produces it (reference §4.4): the fact goes into the pair's
 * ledger and the `messages` webhook goes to the business, behind the pair's earlier messages. Every
 * kind of reply goes through here: answers to requests, grants and revokes from the user's profile,
 * WhatsApp's automatic callback grant.
 */
import type { PermissionReplied } from '../shared/policy/ledger.ts';
import { newMessageId } from './ids.ts';
import type { SimContext } from './sim-context.ts';
import { contactOf } from './webhook-envelope.ts';
import { permissionReplyWebhook } from './webhook-messages.ts';
import type { BusinessNumber } from './world.ts';
import { idSubject } from './world-users.ts';

export interface ReplyInput {
  response: 'accept' | 'reject';
  /** Accepts only: permanent, or temporary (7 days in every profile, from now). */
  permanent: boolean;
  source: PermissionReplied['source'];
  /** `context.id`: the request's wamid, or the wacid of the user's call; null for none. */
  context: string | null;
}

/** Records the reply and sends its webhook; returns the ledger entry (its id is the reply's wamid). */
export function recordPermissionReply(ctx: SimContext, business: BusinessNumber, waId: string, input: ReplyInput): PermissionReplied {
  const now = ctx.clock.now();
  const user = ctx.world.user(waId);
  const id = newMessageId(idSubject(user));
  const permanent = input.response === 'accept' && input.permanent;
  // Whole seconds, so the simulator and a server reading `expiration_timestamp` agree to the ms.
  const expiresAt = input.response === 'accept' && !permanent ? Math.floor(now / 1000) * 1000 + ctx.policy.profile.temporaryPermissionMs : undefined;
  const entry: PermissionReplied = {
    type: 'permission_replied', id, at: now, response: input.response, permanent, source: input.source, ...(expiresAt === undefined ? {} : { expiresAt }),
  };
  ctx.world.ledgers.append(business.phoneNumberId, waId, entry);
  ctx.webhooks.send({
    orderKey: `messages:${business.phoneNumberId}:${waId}`,
    event: 'call_permission_reply',
    callId: null,
    messageId: id,
    payload: permissionReplyWebhook(business, contactOf(user), {
      id, requestId: input.context, response: entry.response, permanent, at: now, source: input.source, ...(expiresAt === undefined ? {} : { expiresAt }),
    }),
  });
  return entry;
}
