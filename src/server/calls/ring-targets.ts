/**
 * Who an inbound call rings: signed-in agents (an open push channel seen recently) who are
 * available and not already on a call.
 */
import { and, eq, gt, inArray, or } from 'drizzle-orm';
import type { Db } from '../db/open-db.ts';
import { calls, users } from '../db/schema.ts';

/** A push channel heartbeats every 20 s; 45 s tolerates one missed beat. */
export const onlineWindowMs = 45_000;

/**
 * Meta gives up on an unanswered call within about a minute (reference §3.2, §12.7); a call still
 * unanswered after this long lost its terminate webhook and must not block or ring anyone.
 */
export const unansweredCallLifetimeMs = 120_000;

export async function availableAgentIds(db: Db, now: Date): Promise<string[]> {
  const fresh = gt(calls.startedAt, new Date(now.getTime() - unansweredCallLifetimeMs));
  const busy = db.select({ id: calls.agentId }).from(calls)
    .where(or(inArray(calls.status, ['accepting', 'active']), and(inArray(calls.status, ['dialing', 'connecting', 'ringing']), fresh)));
  const rows = await db.select({ id: users.id }).from(users).where(and(
    eq(users.role, 'agent'),
    eq(users.presence, 'available'),
    gt(users.seenAt, new Date(now.getTime() - onlineWindowMs)),
  ));
  const busyIds = new Set((await busy).map((r) => r.id).filter((id): id is string => id !== null));
  return rows.map((r) => r.id).filter((id) => !busyIds.has(id));
}
