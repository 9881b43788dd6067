/**
 * Before a business-initiated call reaches Meta: under the pair's lock, refuse a second call to a
 * customer already being called (Meta's 138003), refuse what the policy says Meta would refuse
 * (unless Meta's own fresh answer says the call is allowed: Meta's answer wins), and reserve the
 * call. Two agents dialing at once, or many dials racing for the last call of the quota, get one call.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, gt, inArray, or } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import type { Db } from '../db/open-db.ts';
import { calls, users } from '../db/schema.ts';
import type { ServerContext } from '../context.ts';
import { freshMetaCanCall, pairEligibility, type BusinessNumberRow } from '../policy/contact-view.ts';
import { lockPair, refusalError } from '../policy/pair-guard.ts';
import { unansweredCallLifetimeMs } from './ring-targets.ts';

/** Returns the id of the reserved call row, to be renamed to Meta's call id once Meta answers. */
export async function reserveDial(ctx: ServerContext, agent: { id: string }, number: BusinessNumberRow, waId: string): Promise<string> {
  const now = ctx.now();
  const pendingId = `pending.${randomUUID()}`;
  await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await lockPair(tx, number.id, waId);
    const [live] = await tx.select({ agentName: users.displayName }).from(calls).leftJoin(users, eq(users.id, calls.agentId)).where(and(
      eq(calls.businessNumberId, number.id), eq(calls.waId, waId),
      or(inArray(calls.status, ['accepting', 'active']),
        and(inArray(calls.status, ['dialing', 'connecting', 'ringing']), gt(calls.startedAt, new Date(now.getTime() - unansweredCallLifetimeMs)))),
    )).limit(1);
    if (live) {
      const message = live.agentName ? `${live.agentName} is already on a call with this customer.` : 'This customer is already on a call with this business number.';
      throw new AppError({ code: 'policy_refused', metaCode: 138003, message });
    }
    const { eligibility } = await pairEligibility(tx, ctx.policy, number, waId, now);
    const refusal = eligibility.call.refusals[0];
    if (!eligibility.call.allowed && refusal && (await freshMetaCanCall(tx, number.id, waId, now)) !== true) throw refusalError(refusal);
    await tx.insert(calls).values({ id: pendingId, direction: 'business_initiated', businessNumberId: number.id, waId, status: 'dialing', agentId: agent.id, startedAt: now });
  });
  return pendingId;
}
