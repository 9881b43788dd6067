/**
 * Customers who call while nobody can take the call wait in a queue instead of hearing "Calling…"
 * until WhatsApp gives up: every signed-in agent sees how many wait, and whoever becomes Available
 * is rung at once. After QUEUE_WAIT_SECONDS a waiting call is rejected at Meta and recorded as
 * missed because nobody was available.
 */
import { and, asc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { ServerContext } from '../context.ts';
import { callSubject, lockSubject } from '../db/locks.ts';
import { calls } from '../db/schema.ts';
import type { Publish } from '../events/event-bus.ts';
import { publishAgents } from '../agents/agent-status.ts';
import { floorAudience, lockedCall, recordFact } from './call-record.ts';
import { loadSummary } from './call-repo.ts';
import { ringTargets } from './ring-targets.ts';

/**
 * Inbound calls ringing nobody: waiting for an agent. Not those every agent they rang declined: they
 * were rejected at Meta, and their terminate is on its way (reject() in call-service.ts).
 */
const waiting = and(eq(calls.direction, 'user_initiated'), eq(calls.status, 'ringing'), isNull(calls.agentId), sql`cardinality(${calls.ringAgentIds}) = 0`,
  sql`cardinality(${calls.declinedAgentIds}) = 0`);

export async function waitingCount(ctx: Pick<ServerContext, 'db'>): Promise<number> {
  const [row] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(calls).where(waiting);
  return Number(row?.n ?? 0);
}

/** Tells everyone signed in how many customers wait. */
export async function publishQueue(ctx: Pick<ServerContext, 'db'>, publish: Publish): Promise<void> {
  publish({ kind: 'all' }, { type: 'queue.updated', waiting: await waitingCount(ctx) });
}

/**
 * Rings available agents (RING_AT_ONCE, none who declined it) with a call that rings nobody:
 * 'rung', 'none' (nobody to ring) or 'skip' (answered, ended or ringing someone meanwhile).
 */
export async function offerCall(ctx: ServerContext, id: string): Promise<'rung' | 'none' | 'skip'> {
  return ctx.bus.transaction(async (tx, publish) => {
    await lockSubject(tx, callSubject(id));
    const call = await lockedCall(tx, id);
    if (!call || call.status !== 'ringing' || call.agentId || call.ringAgentIds.length > 0 || !call.offerSdp) return 'skip';
    if (call.facts.some((f) => f.kind === 'agent_rejected')) return 'skip'; // rejected at Meta, its terminate on the way
    const targets = await ringTargets(tx, ctx.wallNow(), ctx.ringAtOnce, call.declinedAgentIds);
    if (targets.length === 0) return 'none';
    await tx.update(calls).set({ ringAgentIds: targets }).where(eq(calls.id, id));
    const summary = (await loadSummary(tx, id))!;
    publish({ kind: 'users', userIds: targets }, { type: 'call.incoming', call: summary, offerSdp: call.offerSdp });
    publish(floorAudience, { type: 'call.updated', call: summary });
    await publishAgents(tx, ctx, publish, targets);
    await publishQueue({ db: tx }, publish);
    return 'rung';
  });
}

/** Rings available agents with the longest-waiting calls (one call per agent). Returns how many were offered. */
export async function offerWaitingCalls(ctx: ServerContext): Promise<number> {
  const queue = await ctx.db.select({ id: calls.id }).from(calls).where(waiting).orderBy(asc(calls.startedAt)).limit(50);
  let offered = 0;
  for (const { id } of queue) {
    const done = await offerCall(ctx, id);
    if (done === 'none') break;
    if (done === 'rung') offered++;
  }
  return offered;
}

/** Rejects at Meta the calls that waited longer than the queue allows. Returns their ids. */
export async function expireWaitingCalls(ctx: ServerContext, queueWaitMs: number): Promise<string[]> {
  const cutoff = new Date(ctx.now().getTime() - queueWaitMs);
  const stale = await ctx.db.select({ id: calls.id, businessNumberId: calls.businessNumberId }).from(calls).where(and(waiting, lt(calls.startedAt, cutoff)));
  const expired: string[] = [];
  for (const call of stale) {
    await ctx.graph.reject(call.businessNumberId, call.id).catch((err: unknown) => ctx.log.info({ callId: call.id, err: (err as Error).message }, 'Rejecting a call nobody could take'));
    await ctx.bus.transaction(async (tx, publish) => {
      await lockSubject(tx, callSubject(call.id));
      const row = await lockedCall(tx, call.id);
      if (!row || row.status !== 'ringing' || row.ringAgentIds.length > 0) return;
      const at = ctx.now().getTime();
      await recordFact(tx, ctx, row, { kind: 'agent_rejected', at, agentId: null }, publish);
      // Ended here at once: Meta's terminate follows and takes over the times, the outcome stays.
      const { call: after } = await recordFact(tx, ctx, (await lockedCall(tx, call.id))!, { kind: 'ended_locally', at, reason: 'nobody_available', code: null, message: null }, publish);
      if (after.status === 'ended') {
        await publishQueue({ db: tx }, publish);
        expired.push(call.id);
      }
    });
  }
  return expired;
}
