/**
 * Ringside's estimate for a pair: the pair's ledger through the shared policy (the only place the
 * rules live), with what the server knows besides — calls in progress, the customer-service
 * window, WhatsApp's restrictions and calling settings for the number.
 */
import { and, eq, gt, inArray, ne, or, sql } from 'drizzle-orm';
import type { Eligibility } from '../../shared/policy/eligibility.ts';
import { evaluatePair } from '../../shared/policy/evaluate.ts';
import type { LedgerEntry } from '../../shared/policy/ledger.ts';
import type { PolicyProfile } from '../../shared/policy/profiles.ts';
import type { Db } from '../db/open-db.ts';
import { businessNumbers, calls } from '../db/schema.ts';
import { unansweredCallLifetimeMs } from '../calls/ring-targets.ts';
import { numberStanding } from '../restrictions/number-standing.ts';
import { loadLedger } from './ledger-repo.ts';

export type BusinessNumberRow = typeof businessNumbers.$inferSelect;

/** The customer-service window lasts 24 h from the customer's last call or pickup (reference §5). */
const serviceWindowMs = 24 * 3600 * 1000;

async function activeCalls(db: Db, businessNumberId: string, now: Date) {
  const rows = await db.select({ direction: calls.direction, n: sql<number>`count(*)::int` }).from(calls)
    .where(and(eq(calls.businessNumberId, businessNumberId), ne(calls.status, 'ended'),
      or(inArray(calls.status, ['accepting', 'active']), gt(calls.startedAt, new Date(now.getTime() - unansweredCallLifetimeMs)))))
    .groupBy(calls.direction);
  const of = (d: string) => rows.find((r) => r.direction === d)?.n ?? 0;
  return { inbound: of('user_initiated'), outbound: of('business_initiated') };
}

async function serviceWindowOpenUntil(db: Db, businessNumberId: string, waId: string): Promise<number | null> {
  const [row] = await db.select({
    last: sql<Date | null>`max(case when ${calls.direction} = 'user_initiated' then ${calls.startedAt} else ${calls.answeredAt} end)`,
  }).from(calls).where(and(eq(calls.businessNumberId, businessNumberId), eq(calls.waId, waId)));
  const last = row?.last ? new Date(row.last).getTime() : null;
  return last === null ? null : last + serviceWindowMs;
}

export interface PairEstimate {
  eligibility: Eligibility;
  ledger: LedgerEntry[];
  serviceWindowOpenUntil: number | null;
}

export async function pairEstimate(db: Db, profile: PolicyProfile, number: BusinessNumberRow, waId: string, now: Date): Promise<PairEstimate> {
  const [ledger, active, window, standing] = await Promise.all([
    loadLedger(db, number.id, waId), activeCalls(db, number.id, now), serviceWindowOpenUntil(db, number.id, waId), numberStanding(db, profile, number.id, now),
  ]);
  const eligibility = evaluatePair({
    ledger, now: now.getTime(), profile, tier: number.profile, businessWaId: number.displayNumber, callingEnabled: standing.callingEnabled,
    activeCalls: active, serviceWindowOpenUntil: window, restrictions: standing.restrictions,
  });
  return { eligibility, ledger, serviceWindowOpenUntil: window };
}

export async function loadNumber(db: Db, id: string): Promise<BusinessNumberRow | undefined> {
  return (await db.select().from(businessNumbers).where(eq(businessNumbers.id, id)))[0];
}
