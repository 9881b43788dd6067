/**
 * The decision for a pair, as the server acts on it and the agent sees it: Ringside's estimate
 * corrected by WhatsApp's facts that still hold (`shared/policy/meta-verdict.ts`).
 */
import type { Eligibility } from '../../shared/policy/eligibility.ts';
import { metaVerdict, type MetaVerdict } from '../../shared/policy/meta-verdict.ts';
import type { PolicyProfile } from '../../shared/policy/profiles.ts';
import type { Db } from '../db/open-db.ts';
import { loadMetaFactsMany, type PairFacts } from './meta-facts-repo.ts';
import { pairEstimates, type BusinessNumberRow } from './pair-estimate.ts';

export interface PairDecision {
  /** What the agent may do now. */
  eligibility: Eligibility;
  /** Ringside's own estimate, before WhatsApp's facts. */
  estimate: Eligibility;
  verdict: MetaVerdict;
  facts: PairFacts;
  serviceWindowOpenUntil: number | null;
}

/** Decisions for many pairs of one number: WhatsApp's facts first (how far back each ledger must reach), then the estimates. */
export async function pairDecisions(db: Db, profile: PolicyProfile, number: BusinessNumberRow, waIds: readonly string[], now: Date): Promise<Map<string, PairDecision>> {
  const facts = await loadMetaFactsMany(db, number.id, waIds);
  const since = new Map<string, number>();
  for (const [waId, f] of facts) {
    const times = [f.answer?.at, ...f.refusals.map((r) => r.at)].filter((t): t is number => typeof t === 'number');
    if (times.length > 0) since.set(waId, Math.min(...times));
  }
  const estimates = await pairEstimates(db, profile, number, waIds, now, since);
  const out = new Map<string, PairDecision>();
  for (const waId of waIds) {
    const estimate = estimates.get(waId)!;
    const f = facts.get(waId)!;
    const verdict = metaVerdict({
      estimate: estimate.eligibility, ledger: estimate.ledger, answer: f.answer, refusals: f.refusals,
      limits: profile.tiers[number.profile], now: now.getTime(),
    });
    out.set(waId, { eligibility: verdict.eligibility, estimate: estimate.eligibility, verdict, facts: f, serviceWindowOpenUntil: estimate.serviceWindowOpenUntil });
  }
  return out;
}

export async function pairDecision(db: Db, profile: PolicyProfile, number: BusinessNumberRow, waId: string, now: Date): Promise<PairDecision> {
  return (await pairDecisions(db, profile, number, [waId], now)).get(waId)!;
}
