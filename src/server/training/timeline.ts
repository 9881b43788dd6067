/**
 * The classroom timeline's store: one row per Graph request sent, webhook received or classroom
 * note, pushed at once to trainers and supervisors (`training.timeline`). Written in the
 * transaction that applied the webhook, or in one of its own for a Graph request. Bounded: the
 * oldest rows beyond `keepRows` are trimmed as new ones arrive.
 */
import { asc, desc, eq, gt, lte } from 'drizzle-orm';
import type { TimelineEntry } from '../../shared/timeline.ts';
import type { ServerContext } from '../context.ts';
import type { Db } from '../db/open-db.ts';
import { trainingTimeline } from '../db/schema.ts';
import type { Publish } from '../events/event-bus.ts';

/** Enough for a day of classes; older lines are trimmed. */
export const keepRows = 5000;
/** Trimming runs once every this many rows. */
const trimEvery = 100;

export type TimelineLine = Omit<TimelineEntry, 'id' | 'at'> & { at: Date; eventKey?: string };

const classroom = { kind: 'roles' as const, roles: ['trainer' as const, 'supervisor' as const] };

function toEntry(row: typeof trainingTimeline.$inferSelect): TimelineEntry {
  return {
    id: row.id, at: row.at.toISOString(), direction: row.direction as TimelineEntry['direction'], kind: row.kind,
    callId: row.callId, waId: row.waId, businessNumberId: row.businessNumberId, caption: row.caption, json: row.json ?? null,
  };
}

/** Appends a line inside the caller's transaction and announces it with it. */
export async function appendTimeline(tx: Db, publish: Publish, line: TimelineLine): Promise<void> {
  const [row] = await tx.insert(trainingTimeline).values({ ...line, json: line.json ?? null }).returning();
  publish(classroom, { type: 'training.timeline', entry: toEntry(row!) });
  if (row!.id % trimEvery === 0) await tx.delete(trainingTimeline).where(lte(trainingTimeline.id, row!.id - keepRows));
}

/**
 * A webhook element's line, once applied: its caption (and pair) now say what it changed. The
 * line keeps its place (arrival order) and is pushed again under the same id; an element whose
 * arrival was not noted (another instance received it) gets its line now.
 */
export async function recaptionTimeline(tx: Db, publish: Publish, line: TimelineLine & { eventKey: string }): Promise<void> {
  const rows = await tx.update(trainingTimeline).set({ caption: line.caption, callId: line.callId, waId: line.waId, businessNumberId: line.businessNumberId })
    .where(eq(trainingTimeline.eventKey, line.eventKey)).returning();
  if (rows.length === 0) return appendTimeline(tx, publish, line);
  for (const row of rows) publish(classroom, { type: 'training.timeline', entry: toEntry(row) });
}

/** Appends lines in a transaction of their own; a failure is logged, never thrown (the timeline only watches). */
export async function recordTimeline(ctx: Pick<ServerContext, 'bus' | 'log'>, ...lines: TimelineLine[]): Promise<void> {
  if (lines.length === 0) return;
  try {
    await ctx.bus.transaction(async (tx, publish) => {
      for (const line of lines) await appendTimeline(tx, publish, line);
    });
  } catch (err) {
    ctx.log.warn({ err: String(err).slice(0, 200) }, 'Could not record a timeline line');
  }
}

/** Lines after `after` (an id), oldest first; without `after`, the latest `limit` lines. */
export async function readTimeline(db: Db, after: number | undefined, limit: number): Promise<TimelineEntry[]> {
  if (after !== undefined) {
    const rows = await db.select().from(trainingTimeline).where(gt(trainingTimeline.id, after)).orderBy(asc(trainingTimeline.id)).limit(limit);
    return rows.map(toEntry);
  }
  const rows = await db.select().from(trainingTimeline).orderBy(desc(trainingTimeline.id)).limit(limit);
  return rows.reverse().map(toEntry);
}
