/**
 * Presence per push channel, on any instance: an agent is online while any of her channels is open
 * and heartbeating. A channel's row is written when it opens, touched every heartbeat and closed
 * when it closes; a crashed instance's rows just stop being touched.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, gt, inArray, isNull, lt, max, or, sql } from 'drizzle-orm';
import type { Db } from '../db/open-db.ts';
import { agentStreams } from '../db/schema.ts';

/** A channel heartbeats every 20 s; 45 s tolerates one missed beat. */
export const heartbeatMs = 20_000;
export const onlineWindowMs = 45_000;

export async function openStream(db: Db, userId: string, instanceId: string, now: Date): Promise<string> {
  const id = randomUUID();
  await db.insert(agentStreams).values({ id, userId, instanceId, openedAt: now, seenAt: now });
  return id;
}

/** One write for every channel open on this instance. */
export async function touchStreams(db: Db, ids: string[], now: Date): Promise<void> {
  if (ids.length > 0) await db.update(agentStreams).set({ seenAt: now }).where(inArray(agentStreams.id, ids));
}

export async function closeStream(db: Db, id: string, now: Date): Promise<void> {
  await db.update(agentStreams).set({ closedAt: now, seenAt: now }).where(eq(agentStreams.id, id));
}

const open = (now: Date) => and(isNull(agentStreams.closedAt), gt(agentStreams.seenAt, new Date(now.getTime() - onlineWindowMs)));

/** Users with at least one open, heartbeating channel on any instance. */
export async function onlineUserIds(db: Db, now: Date): Promise<Set<string>> {
  const rows = await db.selectDistinct({ userId: agentStreams.userId }).from(agentStreams).where(open(now));
  return new Set(rows.map((r) => r.userId));
}

/**
 * Users without an open channel whose last one closed or went silent more than `graceMs` ago, out
 * of `userIds` (users who never had a channel count as gone). A page reload reconnects well
 * within the grace, so it never counts.
 */
export async function goneUserIds(db: Db, userIds: string[], now: Date, graceMs: number): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db.select({ userId: agentStreams.userId, last: max(agentStreams.seenAt), open: sql<number>`count(*) filter (where ${agentStreams.closedAt} is null and ${agentStreams.seenAt} > ${new Date(now.getTime() - onlineWindowMs)})` })
    .from(agentStreams).where(inArray(agentStreams.userId, userIds)).groupBy(agentStreams.userId);
  const seen = new Map(rows.map((r) => [r.userId, r]));
  return new Set(userIds.filter((id) => {
    const row = seen.get(id);
    if (!row) return true;
    return Number(row.open) === 0 && (row.last === null || new Date(row.last).getTime() < now.getTime() - graceMs);
  }));
}

/** Forgets channels closed or silent for a day. */
export async function purgeStreams(db: Db, now: Date): Promise<void> {
  const dayAgo = new Date(now.getTime() - 24 * 3600_000);
  await db.delete(agentStreams).where(or(lt(agentStreams.closedAt, dayAgo), and(isNull(agentStreams.closedAt), lt(agentStreams.seenAt, dayAgo))));
}

export const newInstanceId = () => randomUUID();
