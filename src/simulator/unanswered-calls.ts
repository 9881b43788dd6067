/**
 * What WhatsApp does when a business keeps calling without reaching the user (reference §5): at
 * the tier's reconsider threshold the user's phone shows a system message asking them to
 * reconsider; at the revoke threshold WhatsApp withdraws the permission and tells the business
 * with a `call_permission_reply` (`reject`, `response_source: automatic`, no `context`). When
 * either fires is decided by the shared policy (`unansweredCallEffects`), never here.
 */
import { unansweredCallEffects, type UnansweredEffects } from '../shared/policy/evaluate.ts';
import type { CallUnanswered, PermissionReplied } from '../shared/policy/ledger.ts';
import type { PolicyProfile } from '../shared/policy/profiles.ts';
import type { SimCall } from './call-registry.ts';
import { newMessageId } from './ids.ts';
import { pairFacts } from './pair-policy.ts';
import type { SimContext } from './sim-context.ts';
import { contactOf } from './webhook-envelope.ts';
import { permissionReplyWebhook } from './webhook-messages.ts';
import type { BusinessNumber, World } from './world.ts';
import { idSubject } from './world-users.ts';

/** WhatsApp's system message at the reconsider threshold. */
export function reconsiderText(businessName: string, unansweredCalls: number): string {
  return `${businessName} has called you ${unansweredCalls} times without reaching you. `
    + 'You can change whether this business may call you.';
}

/** WhatsApp's system message when it revokes the permission after the streak. */
export function revokedText(businessName: string, unansweredCalls: number): string {
  return `You missed ${unansweredCalls} calls in a row from ${businessName}, so WhatsApp turned off its permission to call you. `
    + 'The business can no longer call you unless you allow calls again.';
}

/** What recording one unanswered call did. */
export interface UnansweredOutcome {
  effects: UnansweredEffects;
  /** The automatic reject appended to the ledger when the streak reached the revoke threshold. */
  revoke: PermissionReplied | null;
  /** A system message was added to the user's phone. */
  messaged: boolean;
}

/**
 * Appends `entry` to the pair's ledger and applies WhatsApp's effects in the world: the reconsider
 * message, or the automatic reject plus its message. Sends nothing: the live path sends the
 * webhook (`recordUnansweredCall`), the seed replays history silently.
 */
export function applyUnansweredCall(world: World, profile: PolicyProfile, business: BusinessNumber, waId: string, entry: CallUnanswered): UnansweredOutcome {
  const effects = unansweredCallEffects({ ...pairFacts(world, profile, business, waId), call: entry });
  world.ledgers.append(business.phoneNumberId, waId, entry);
  const count = effects.after.streak.count;
  let revoke: PermissionReplied | null = null;
  if (effects.revoke) {
    revoke = { type: 'permission_replied', id: newMessageId(idSubject(world.user(waId))), at: entry.at, response: 'reject', permanent: false, source: 'automatic' };
    world.ledgers.append(business.phoneNumberId, waId, revoke);
    world.addMessage(waId, { id: revoke.id, kind: 'system', text: revokedText(business.name, count), at: entry.at });
  } else if (effects.reconsider) {
    world.addMessage(waId, { id: newMessageId(idSubject(world.user(waId))), kind: 'system', text: reconsiderText(business.name, count), at: entry.at });
  }
  return { effects, revoke, messaged: effects.revoke || effects.reconsider };
}

/**
 * A business-initiated call ended unanswered or rejected by the user: the ledger records it, and
 * on the revoke WhatsApp's `call_permission_reply` webhook goes to the business.
 */
export function recordUnansweredCall(ctx: SimContext, call: SimCall, at: number): void {
  const business = ctx.world.business(call.phoneNumberId);
  if (!business) return;
  const outcome = applyUnansweredCall(ctx.world, ctx.policy.profile, business, call.waId, { type: 'call_unanswered', id: call.id, at });
  if (outcome.revoke) {
    const user = ctx.world.user(call.waId);
    const { id, response, permanent } = outcome.revoke;
    ctx.webhooks.send({
      orderKey: `messages:${business.phoneNumberId}:${call.waId}`,
      event: 'call_permission_reply',
      callId: null,
      messageId: id,
      payload: permissionReplyWebhook(business, contactOf(user), { id, requestId: null, response, permanent, at, source: 'automatic' }),
    });
  }
  if (outcome.messaged) ctx.phones.notify(call.waId, 'message');
}
