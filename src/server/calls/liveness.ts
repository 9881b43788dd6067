/**
 * No call stays live without a holder. Run every few seconds and once at startup (which reconciles
 * the calls a crash left live):
 * - a live call whose agent has had no open push channel for a minute is terminated at Meta and
 *   ended (a page reload reconnects within seconds, so it never counts);
 * - a call still unanswered after Meta's ring time lost its terminate: it ends here;
 * - a hang-up Meta never confirmed ends after a grace period.
 */
import { and, isNotNull, lte, ne } from 'drizzle-orm';
import { publishAgents } from '../agents/agent-status.ts';
import { expireWaitingCalls, offerWaitingCalls } from './queue.ts';
import type { CallFact } from '../../shared/call-facts.ts';
import type { ServerContext } from '../context.ts';
import { calls, users } from '../db/schema.ts';
import { callSubject, lockSubject } from '../db/locks.ts';
import { goneUserIds } from '../events/agent-streams.ts';
import { lockedCall, recordFact } from './call-record.ts';
import type { CallRow } from './call-repo.ts';

/** How long a live call may lack any open channel of its agent. */
export const holderGraceMs = 60_000;
/** Meta lets an inbound call ring "about 30 to 60 seconds" (reference §3.2); a business call rings about as long. */
export const ringTimeMs = 60_000;
/** How long we wait for Meta's terminate after our own. */
export const hangupGraceMs = 30_000;
/** Our `connect` request never came back (a crash mid-request): the reservation is given up. */
const dialGraceMs = 60_000;

async function end(ctx: ServerContext, call: CallRow, fact: CallFact, terminateAtMeta: boolean): Promise<void> {
  if (terminateAtMeta && !call.id.startsWith('pending.')) {
    await ctx.graph.terminate(call.businessNumberId, call.id).catch((err: unknown) => ctx.log.info({ callId: call.id, err: (err as Error).message }, 'Terminate of an abandoned call'));
  }
  await ctx.bus.transaction(async (tx, publish) => {
    await lockSubject(tx, callSubject(call.id));
    const fresh = await lockedCall(tx, call.id);
    if (fresh && fresh.status !== 'ended') await recordFact(tx, ctx, fresh, fact, publish);
  });
  ctx.log.warn({ callId: call.id, reason: fact.kind === 'ended_locally' ? fact.reason : fact.kind }, 'Ended a call that had nobody holding it');
}

/** One pass of the rules; returns the ids of the calls it ended. */
export async function reconcileLiveCalls(ctx: ServerContext): Promise<string[]> {
  const world = ctx.now().getTime();
  const wall = ctx.wallNow();
  const live = await ctx.db.select().from(calls).where(ne(calls.status, 'ended'));
  const ended: string[] = [];
  const held = live.filter((c) => c.agentId !== null);
  const gone = await goneUserIds(ctx.db, [...new Set(held.map((c) => c.agentId!))], wall, holderGraceMs);
  const local = (reason: Extract<CallFact, { kind: 'ended_locally' }>['reason']): CallFact => ({ kind: 'ended_locally', at: world, reason, code: null, message: null });

  for (const call of live) {
    const hangup = call.facts.find((f) => f.kind === 'hangup_sent');
    if (hangup && hangup.at < world - hangupGraceMs) {
      await end(ctx, call, local('hangup_unconfirmed'), false);
    } else if (call.agentId && gone.has(call.agentId) && !hangup) {
      await end(ctx, call, local('no_holder'), true);
    } else if (call.id.startsWith('pending.') && call.startedAt.getTime() < world - dialGraceMs) {
      await end(ctx, call, { kind: 'ended_locally', at: world, reason: 'connect_failed', code: null, message: 'Our call request never completed.' }, false);
    } else if (call.answeredAt === null && call.status !== 'accepting' && call.startedAt.getTime() < world - ringTimeMs - (call.direction === 'business_initiated' ? ringTimeMs : 0)) {
      await end(ctx, call, local('ring_timeout'), false);
    } else continue;
    ended.push(call.id);
  }
  return ended;
}

/** After-call work that ran out by itself: the agent is Available (or Away) again, and the floor hears it. */
async function endFinishedWrapUps(ctx: ServerContext): Promise<void> {
  const done = await ctx.db.update(users).set({ wrapUpUntil: null })
    .where(and(isNotNull(users.wrapUpUntil), lte(users.wrapUpUntil, ctx.wallNow()))).returning({ id: users.id });
  if (done.length > 0) await ctx.bus.transaction(async (tx, publish) => publishAgents(tx, ctx, publish, done.map((d) => d.id)));
}

export interface Liveness { start(everyMs?: number): void; stop(): void }

export function createLiveness(ctx: ServerContext): Liveness {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  const pass = async () => {
    if (running) return;
    running = true;
    try {
      await reconcileLiveCalls(ctx);
      // The queue: calls nobody could take wait so long, and agents whose after-call work ran out take them.
      await expireWaitingCalls(ctx, ctx.queueWaitMs);
      await endFinishedWrapUps(ctx);
      await offerWaitingCalls(ctx);
    } catch (err) {
      ctx.log.error({ err: String(err).slice(0, 300) }, 'Call liveness pass failed');
    } finally {
      running = false;
    }
  };
  return {
    start(everyMs = 5000) {
      void pass();
      timer = setInterval(() => void pass(), everyMs);
      timer.unref();
    },
    stop: () => clearInterval(timer),
  };
}
