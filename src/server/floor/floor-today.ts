/**
 * Today's figures on the floor: per business number and in total (calls by direction, pickup
 * rates, answered and missed, average handle time, longest wait), and per agent (calls and handle
 * time). "Today" starts at midnight UTC on WhatsApp's clock, the clock call times are kept on.
 */
import { and, gte, sql } from 'drizzle-orm';
import type { DayFigures } from '../../shared/floor-api.ts';
import type { Db } from '../db/open-db.ts';
import { calls } from '../db/schema.ts';

export const startOfDay = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));

const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);

interface NumberRow {
  businessNumberId: string;
  outPlaced: number; outAnswered: number;
  inReceived: number; inAnswered: number; inMissed: number;
  handleSum: number; handleCount: number; longestWait: number | null;
}

function figures(r: Omit<NumberRow, 'businessNumberId'>): DayFigures {
  return {
    outbound: { placed: r.outPlaced, answered: r.outAnswered },
    inbound: { received: r.inReceived, answered: r.inAnswered, missed: r.inMissed },
    outboundPickupRate: rate(r.outAnswered, r.outPlaced),
    inboundPickupRate: rate(r.inAnswered, r.inAnswered + r.inMissed),
    averageHandleSeconds: r.handleCount === 0 ? null : r.handleSum / r.handleCount,
    longestWaitSeconds: r.longestWait,
  };
}

/** Figures per business number id, and the total. */
export async function dayFigures(db: Db, since: Date, now: Date): Promise<{ byNumber: Map<string, DayFigures>; total: DayFigures }> {
  const inbound = sql`${calls.direction} = 'user_initiated'`;
  const outbound = sql`${calls.direction} = 'business_initiated'`;
  const answered = sql`${calls.answeredAt} is not null`;
  const rows: NumberRow[] = await db.select({
    businessNumberId: calls.businessNumberId,
    outPlaced: sql<number>`(count(*) filter (where ${outbound}))::int`,
    outAnswered: sql<number>`(count(*) filter (where ${outbound} and ${answered}))::int`,
    inReceived: sql<number>`(count(*) filter (where ${inbound}))::int`,
    inAnswered: sql<number>`(count(*) filter (where ${inbound} and ${answered}))::int`,
    inMissed: sql<number>`(count(*) filter (where ${inbound} and ${calls.status} = 'ended' and not ${answered}))::int`,
    handleSum: sql<number>`coalesce(sum(${calls.durationSeconds}) filter (where ${answered}), 0)::int`,
    handleCount: sql<number>`(count(${calls.durationSeconds}) filter (where ${answered}))::int`,
    longestWait: sql<number | null>`(max(extract(epoch from coalesce(${calls.answeredAt}, ${calls.endedAt}, ${now}::timestamptz) - ${calls.startedAt})) filter (where ${inbound}))::float8`,
  }).from(calls).where(and(gte(calls.startedAt, since))).groupBy(calls.businessNumberId);
  const byNumber = new Map(rows.map((r) => [r.businessNumberId, figures(r)]));
  const sum = (k: keyof Omit<NumberRow, 'businessNumberId' | 'longestWait'>) => rows.reduce((n, r) => n + r[k], 0);
  const waits = rows.map((r) => r.longestWait).filter((w): w is number => w !== null);
  const total = figures({
    outPlaced: sum('outPlaced'), outAnswered: sum('outAnswered'), inReceived: sum('inReceived'), inAnswered: sum('inAnswered'), inMissed: sum('inMissed'),
    handleSum: sum('handleSum'), handleCount: sum('handleCount'), longestWait: waits.length ? Math.max(...waits) : null,
  });
  return { byNumber, total };
}

/** Calls taken and talk time today, per agent id. */
export async function agentDay(db: Db, since: Date): Promise<Map<string, { calls: number; handleSeconds: number }>> {
  const rows = await db.select({
    agentId: calls.agentId,
    n: sql<number>`count(*)::int`,
    handle: sql<number>`coalesce(sum(${calls.durationSeconds}) filter (where ${calls.answeredAt} is not null), 0)::int`,
  }).from(calls).where(and(gte(calls.startedAt, since), sql`${calls.agentId} is not null`)).groupBy(calls.agentId);
  return new Map(rows.map((r) => [r.agentId!, { calls: r.n, handleSeconds: r.handle }]));
}
