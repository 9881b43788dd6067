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
import { loadLedgers } from './ledger-repo.ts';
import { reads } from '../db/reads.ts';

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

/** The customer-service window of each pair: opened by the customer's last call or pickup. */
async function serviceWindows(db: Db, businessNumberId: string, waIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await db.select({
    waId: calls.waId,
    last: sql<Date | string | null>`max(case when ${calls.direction} = 'user_initiated' then ${calls.startedAt} else ${calls.answeredAt} end)`,
  }).from(calls).where(and(eq(calls.businessNumberId, businessNumberId), inArray(calls.waId, [...waIds]))).groupBy(calls.waId);
  return new Map(rows.filter((r) => r.last !== null).map((r) => [r.waId, new Date(r.last!).getTime() + serviceWindowMs]));
}

export interface PairEstimate {
  eligibility: Eligibility;
  ledger: LedgerEntry[];
  serviceWindowOpenUntil: number | null;
}

/**
 * Ringside's estimate for many pairs of one number at once: one bounded ledger read, one count of
 * calls in progress, one service-window query and the number's standing, whatever the page size.
 * `since` reaches further back into a pair's ledger (see `loadLedgers`).
 */
export async function pairEstimates(db: Db, profile: PolicyProfile, number: BusinessNumberRow, waIds: readonly string[], now: Date, since?: ReadonlyMap<string, number>): Promise<Map<string, PairEstimate>> {
  const [ledgers, active, windows, standing] = await reads(db,
    () => loadLedgers(db, profile, number.id, waIds, now, since),
    () => activeCalls(db, number.id, now),
    () => serviceWindows(db, number.id, waIds),
    () => numberStanding(db, profile, number.id, now),
  );
  const out = new Map<string, PairEstimate>();
  for (const waId of waIds) {
    const ledger = ledgers.get(waId) ?? [];
    const window = windows.get(waId) ?? null;
    const eligibility = evaluatePair({
      ledger, now: now.getTime(), profile, tier: number.profile, businessWaId: number.displayNumber, callingEnabled: standing.callingEnabled,
      activeCalls: active, serviceWindowOpenUntil: window, restrictions: standing.restrictions,
    });
    out.set(waId, { eligibility, ledger, serviceWindowOpenUntil: window });
  }
  return out;
}

export async function pairEstimate(db: Db, profile: PolicyProfile, number: BusinessNumberRow, waId: string, now: Date, since?: ReadonlyMap<string, number>): Promise<PairEstimate> {
  return (await pairEstimates(db, profile, number, [waId], now, since)).get(waId)!;
}

export async function loadNumber(db: Db, id: string): Promise<BusinessNumberRow | undefined> {
  return (await db.select().from(businessNumbers).where(eq(businessNumbers.id, id)))[0];
}
