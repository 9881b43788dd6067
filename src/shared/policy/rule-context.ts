/**
 * What the call and request rules share: the normalised ledger, the derived permission, and the
 * refusals that gate every business-initiated action.
 */
import type { Refusal } from './eligibility.ts';
import type { LedgerEntry } from './ledger.ts';
import type { PermissionFacts } from './permission.ts';
import type { PolicyProfile, TierLimits } from './profiles.ts';

/** The inputs of `callEligibility` and `requestEligibility`, prepared once by `evaluatePair`. */
export interface RuleContext extends PermissionFacts {
  /** Deduplicated, sorted, nothing after `now` (`normalizeLedger`). */
  entries: readonly LedgerEntry[];
  now: number;
  profile: PolicyProfile;
  limits: TierLimits;
  /** 138000, 138013 and 138014 when they apply: they come first for calls and requests alike. */
  gate: readonly Refusal[];
  active: { inbound: number; outbound: number };
}

/** When every refusal lifts: `now` if none, the latest `until`, or null if one needs an action. */
export function nextPossible(refusals: readonly Refusal[], now: number): number | null {
  let latest = now;
  for (const refusal of refusals) {
    if (refusal.until === null) return null;
    latest = Math.max(latest, refusal.until);
  }
  return latest;
}
