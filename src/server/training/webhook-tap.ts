/**
 * Puts every applied webhook element on the classroom timeline, in the transaction that applied
 * it, with what it changed: the pair's unanswered streak is read before and after, so a caption
 * can say "the unanswered streak rises to 3 of 4". Copies of a delivery are noted when received.
 */
import { eq } from 'drizzle-orm';
import { captionWebhook, type WebhookFacts } from '../../shared/training-captions.ts';
import type { ServerContext } from '../context.ts';
import type { Db } from '../db/open-db.ts';
import { calls, contacts } from '../db/schema.ts';
import type { Publish } from '../events/event-bus.ts';
import { loadNumber, pairEstimate } from '../policy/pair-estimate.ts';
import type { Element, StoredEvent } from '../webhooks/elements.ts';
import { recaptionTimeline, recordTimeline } from './timeline.ts';

interface Pair { businessNumberId: string; waId: string }

/** The pair an element is about, when Ringside knows it. */
async function pairOf(tx: Db, e: StoredEvent): Promise<{ pair: Pair | null; callId: string | null }> {
  const callId = e.type === 'call' ? e.call.id : e.type === 'status' ? e.status.id : null;
  if (callId) {
    const [call] = await tx.select({ businessNumberId: calls.businessNumberId, waId: calls.waId }).from(calls).where(eq(calls.id, callId));
    return { pair: call ?? null, callId };
  }
  if (e.type === 'message') {
    const key = e.customer.waId ?? e.customer.userId;
    const [known] = key ? await tx.select({ waId: contacts.waId }).from(contacts).where(eq(contacts.waId, key)) : [];
    return { pair: known ? { businessNumberId: e.phoneNumberId, waId: known.waId } : null, callId: null };
  }
  return { pair: null, callId: null };
}

async function streakOf(tx: Db, ctx: ServerContext, pair: Pair | null) {
  if (!pair) return null;
  const number = await loadNumber(tx, pair.businessNumberId);
  if (!number) return null;
  return (await pairEstimate(tx, ctx.policy, number, pair.waId, ctx.now())).eligibility.streak;
}

function factsOf(e: StoredEvent): WebhookFacts {
  switch (e.type) {
    case 'call': {
      const c = e.call;
      const direction = c.direction === 'USER_INITIATED' ? 'user_initiated' : c.direction === 'BUSINESS_INITIATED' ? 'business_initiated' : null;
      return {
        kind: c.event, direction, status: c.status ?? null, durationSeconds: c.duration ?? null,
        errorCode: c.errors?.[0]?.code ?? e.valueErrors[0]?.code ?? null, payload: c.cta_payload ?? c.deeplink_payload ?? null,
      };
    }
    case 'status': return { kind: e.status.status };
    case 'message': {
      const reply = e.message.interactive?.call_permission_reply;
      if (!reply) return { kind: 'message' };
      return {
        kind: 'call_permission_reply',
        reply: { response: reply.response, permanent: reply.is_permanent ?? false, automatic: reply.response_source === 'automatic', toRequest: !!e.message.context?.id },
      };
    }
    case 'account_update': {
      const v = e.value;
      return { kind: 'account_update', account: { event: v.event, type: v.violation_info?.violation_type ?? v.restriction_info?.[0]?.restriction_type ?? null } };
    }
    case 'account_settings_update': return { kind: 'account_settings_update' };
    case 'kept': return { kind: e.field };
  }
}

const businessNumberOf = (e: StoredEvent): string | null =>
  e.type === 'call' || e.type === 'status' || e.type === 'message' ? e.phoneNumberId
    : e.type === 'account_settings_update' ? e.value.phone_number_settings?.phone_number_id ?? null : null;

const customerOf = (e: StoredEvent): string | null => ('customer' in e ? e.customer.waId ?? e.customer.userId : null);
const callIdOf = (e: StoredEvent): string | null => (e.type === 'call' ? e.call.id : e.type === 'status' ? e.status.id : null);

/**
 * Elements just stored, in the order they arrived: each gets its line at once (so a terminate
 * that overtook its connect shows first), captioned again once applied (`observeWebhook`).
 */
export async function noteArrivals(ctx: ServerContext, fresh: readonly Element[]): Promise<void> {
  await recordTimeline(ctx, ...fresh.filter((el) => el.event.type !== 'kept').map((el) => {
    const facts = factsOf(el.event);
    return {
      at: ctx.now(), direction: 'webhook' as const, kind: facts.kind, callId: callIdOf(el.event), waId: customerOf(el.event),
      businessNumberId: businessNumberOf(el.event), caption: captionWebhook(facts), json: el.event, eventKey: el.key,
    };
  }));
}

/**
 * Elements that can write the pair's ledger and so move its streak: a call's end, its ACCEPTED or
 * REJECTED, a permission reply. A connect or a RINGING cannot, and they are on the ring path.
 */
const canMoveStreak = (e: StoredEvent): boolean =>
  (e.type === 'call' && e.call.event === 'terminate') || (e.type === 'status' && (e.status.status === 'ACCEPTED' || e.status.status === 'REJECTED')) || e.type === 'message';

/**
 * Call before applying an element; `record` after it applied, in the same transaction. Reads the
 * streak only for elements about a known pair that can move it, so a ring and account and settings
 * updates cost one update.
 */
export async function observeWebhook(tx: Db, ctx: ServerContext, e: StoredEvent, eventKey: string) {
  const { pair, callId } = await pairOf(tx, e);
  const before = canMoveStreak(e) ? await streakOf(tx, ctx, pair) : null;
  return {
    async record(publish: Publish): Promise<void> {
      if (e.type === 'kept') return;
      const resolved = pair ?? (await pairOf(tx, e)).pair;
      const after = before ? await streakOf(tx, ctx, resolved) : null;
      const facts = factsOf(e);
      if (before && after) facts.streak = { before: before.count, after: after.count, revokeThreshold: after.revokeThreshold };
      await recaptionTimeline(tx, publish, {
        at: ctx.now(), direction: 'webhook', kind: facts.kind, callId, waId: resolved?.waId ?? customerOf(e),
        businessNumberId: resolved?.businessNumberId ?? businessNumberOf(e), caption: captionWebhook(facts), json: e, eventKey,
      });
    },
  };
}

/** A delivery received again (same bytes): Meta retries, and the duplicate fault sends copies. */
export async function noteDuplicateDelivery(ctx: ServerContext, raw: Buffer): Promise<void> {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    return;
  }
  await recordTimeline(ctx, { at: ctx.now(), direction: 'webhook', kind: 'duplicate', callId: null, waId: null, businessNumberId: null, caption: captionWebhook({ kind: 'duplicate', duplicate: true }), json });
}
