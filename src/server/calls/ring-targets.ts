/**
 * Who an inbound call rings: agents with an open push channel (on any instance) who are available
 * and not already on a call.
 */
import { and, eq, inArray, or } from 'drizzle-orm';
import type { Db } from '../db/open-db.ts';
import { calls, users } from '../db/schema.ts';
import { onlineUserIds } from '../events/agent-streams.ts';

/**
 * Meta gives up on an unanswered call within about a minute (reference §3.2, §12.7); a call still
 * unanswered after this long lost its terminate webhook and must not block or ring anyone.
 */
export const unansweredCallLifetimeMs = 120_000;

/** Live statuses that make an agent busy. */
export const liveStatuses = ['dialing', 'connecting', 'ringing', 'accepting', 'active'] as const;

export async function availableAgentIds(db: Db, wallNow: Date): Promise<string[]> {
  const online = await onlineUserIds(db, wallNow);
  if (online.size === 0) return [];
  const [candidates, busy] = await Promise.all([
    db.select({ id: users.id }).from(users).where(and(eq(users.role, 'agent'), eq(users.presence, 'available'), inArray(users.id, [...online]))),
    db.select({ id: calls.agentId }).from(calls).where(or(inArray(calls.status, [...liveStatuses]))),
  ]);
  const busyIds = new Set(busy.map((r) => r.id).filter((id): id is string => id !== null));
  return candidates.map((r) => r.id).filter((id) => !busyIds.has(id));
}
