/**
 * Who an inbound call rings: signed-in agents (an open push channel seen recently) who are
 * available and not already on a call.
 */
import { and, eq, gt, inArray, ne } from 'drizzle-orm';
import type { Db } from '../db/open-db.ts';
import { calls, users } from '../db/schema.ts';

/** A push channel heartbeats every 20 s; 45 s tolerates one missed beat. */
export const onlineWindowMs = 45_000;

export async function availableAgentIds(db: Db, now: Date): Promise<string[]> {
  const busy = db.select({ id: calls.agentId }).from(calls)
    .where(and(ne(calls.status, 'ended'), inArray(calls.status, ['accepting', 'active', 'dialing', 'connecting', 'ringing'])));
  const rows = await db.select({ id: users.id }).from(users).where(and(
    eq(users.role, 'agent'),
    eq(users.presence, 'available'),
    gt(users.seenAt, new Date(now.getTime() - onlineWindowMs)),
  ));
  const busyIds = new Set((await busy).map((r) => r.id).filter((id): id is string => id !== null));
  return rows.map((r) => r.id).filter((id) => !busyIds.has(id));
}
