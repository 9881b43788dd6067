/**
 * Before a business-initiated call reaches Meta: under the pair's lock, refuse a second call to a
 * customer already being called (Meta's 138003), refuse what the decision refuses, and reserve the
 * call. Two agents dialing at once, or many dials racing for the last call of the quota, get one
 * call. When only our estimate stands in the way (permission, quota), WhatsApp is asked first and
 * its answer decides (`policy/ask-whatsapp.ts`); if it cannot be asked, the estimate decides and
 * the refusal says so.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, gt, inArray, or } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import { whatsAppCouldAllow } from '../../shared/policy/meta-verdict.ts';
import type { Db } from '../db/open-db.ts';
import { calls, users } from '../db/schema.ts';
import type { ServerContext } from '../context.ts';
import type { GraphError } from '../graph/graph-client.ts';
import { askWhatsApp, estimateNote, type WhatsAppLookup } from '../policy/ask-whatsapp.ts';
import { recordMetaRefusal } from '../policy/meta-facts-repo.ts';
import { pairDecision } from '../policy/pair-decision.ts';
import type { BusinessNumberRow } from '../policy/pair-estimate.ts';
import { lockPair, refusalError } from '../policy/pair-guard.ts';
import { unansweredCallLifetimeMs } from './ring-targets.ts';

async function refuseLiveCall(tx: Db, number: BusinessNumberRow, waId: string, now: Date): Promise<void> {
  const [live] = await tx.select({ agentName: users.displayName }).from(calls).leftJoin(users, eq(users.id, calls.agentId)).where(and(
    eq(calls.businessNumberId, number.id), eq(calls.waId, waId),
    or(inArray(calls.status, ['accepting', 'active']),
      and(inArray(calls.status, ['dialing', 'connecting', 'ringing']), gt(calls.startedAt, new Date(now.getTime() - unansweredCallLifetimeMs)))),
  )).limit(1);
  if (!live) return;
  const message = live.agentName ? `${live.agentName} is already on a call with this customer.` : 'This customer is already on a call with this business number.';
  throw new AppError({ code: 'policy_refused', metaCode: 138003, message });
}

/** Thrown out of the reserving transaction (rolling it back) when WhatsApp's own answer should decide. */
class AskWhatsAppFirst extends Error {}

/** Returns the id of the reserved call row, to be renamed to Meta's call id once Meta answers. */
export async function reserveDial(ctx: ServerContext, agent: { id: string }, number: BusinessNumberRow, waId: string): Promise<string> {
  const now = ctx.now();
  const pendingId = `pending.${randomUUID()}`;
  const reserve = (lookup: WhatsAppLookup | null) => ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await lockPair(tx, number.id, waId);
    await refuseLiveCall(tx, number, waId, now);
    const { eligibility } = await pairDecision(tx, ctx.policy, number, waId, now);
    const refusal = eligibility.call.refusals[0];
    if (!eligibility.call.allowed && refusal) {
      if (lookup === null && whatsAppCouldAllow(eligibility.call.refusals, 'call')) throw new AskWhatsAppFirst();
      throw refusalError(refusal, estimateNote(lookup));
    }
    await tx.insert(calls).values({ id: pendingId, direction: 'business_initiated', businessNumberId: number.id, waId, status: 'dialing', agentId: agent.id, startedAt: now });
  });
  // The usual dial decides once, under the lock. Only a refusal WhatsApp's answer decides leaves the
  // lock to ask Graph (which may be slow), then decides again with the answer kept.
  try {
    await reserve(null);
  } catch (err) {
    if (!(err instanceof AskWhatsAppFirst)) throw err;
    await reserve(await askWhatsApp(ctx, number, waId));
  }
  return pendingId;
}

/**
 * After Graph refused a `connect`: a refusal that speaks about the pair (138006, 138012, 138013,
 * 138014) becomes WhatsApp's fact at once, so the contact stops offering the call and shows why.
 */
export async function noteDialRefused(ctx: ServerContext, number: BusinessNumberRow, waId: string, err: GraphError): Promise<void> {
  const recorded = await recordMetaRefusal(ctx.db, { businessNumberId: number.id, waId, action: 'call', code: err.code, message: err.metaMessage, at: ctx.now() });
  if (recorded) await ctx.bus.publish({ kind: 'all' }, { type: 'contact.updated', waId, businessNumberId: number.id });
}
