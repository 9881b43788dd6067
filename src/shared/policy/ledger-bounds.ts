/**
 * The part of a pair's ledger the policy can still see. A pair that has called for years holds
 * thousands of entries, yet the rules look back only a week (quotas, request windows, a request's
 * lifetime) plus a few facts of any age: every permission reply, the latest connected call (it
 * resets the request limits), the latest connected business call and the unanswered calls since
 * the latest reset (the streak). `evaluatePair` on this subset equals `evaluatePair` on the whole
 * ledger (property-tested), so the server reads only this much (`server/policy/ledger-repo.ts`
 * selects the same set in SQL).
 */
import type { LedgerEntry } from './ledger.ts';
import type { PolicyProfile } from './profiles.ts';
import { DAY_MS } from './durations.ts';

/** How far back the rolling rules look, plus a day of margin for clock skew between Meta and us. */
export function ledgerWindowMs(profile: PolicyProfile): number {
  const windows = Object.values(profile.tiers).flatMap((t) => [t.connectedCalls.windowMs, t.requestsPerDay.windowMs, t.requestsPerWeek.windowMs]);
  return Math.max(...windows, profile.requestLifetimeMs, profile.declineWaitMs) + DAY_MS;
}

const resetsStreak = (e: LedgerEntry) => (e.type === 'call_connected' && e.direction === 'business_initiated') || (e.type === 'permission_replied' && e.response === 'accept');

/**
 * The entries the policy needs at `now`: everything since `now - ledgerWindowMs` (or since
 * `since`, when earlier: a WhatsApp answer from before the window is judged against every fact
 * after it), and the facts of any age listed above. Order is kept.
 */
export function boundedLedger(all: readonly LedgerEntry[], now: number, profile: PolicyProfile, since: number | null = null): LedgerEntry[] {
  // What happened after `now` is not seen yet (normalizeLedger drops it too).
  const entries = all.filter((e) => e.at <= now);
  const from = Math.min(now - ledgerWindowMs(profile), since ?? Infinity);
  const latestAt = (match: (e: LedgerEntry) => boolean) => entries.reduce<number | null>((t, e) => (match(e) && (t === null || e.at > t) ? e.at : t), null);
  const lastConnected = latestAt((e) => e.type === 'call_connected');
  const lastBusinessConnected = latestAt((e) => e.type === 'call_connected' && e.direction === 'business_initiated');
  const lastReset = latestAt(resetsStreak);
  return entries.filter((e) => e.at >= from
    || e.type === 'permission_replied'
    || (e.type === 'call_connected' && (e.at === lastConnected || (e.direction === 'business_initiated' && e.at === lastBusinessConnected)))
    || (e.type === 'call_unanswered' && (lastReset === null || e.at >= lastReset)));
}
