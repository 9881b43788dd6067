/**
 * The decision for a pair, as the server acts on it and the agent sees it: Ringside's estimate
 * corrected by WhatsApp's facts that still hold (`shared/policy/meta-verdict.ts`).
 */
import type { Eligibility } from '../../shared/policy/eligibility.ts';
import { metaVerdict, type MetaVerdict } from '../../shared/policy/meta-verdict.ts';
import type { PolicyProfile } from '../../shared/policy/profiles.ts';
import type { Db } from '../db/open-db.ts';
import { loadMetaFacts, type PairFacts } from './meta-facts-repo.ts';
import { pairEstimate, type BusinessNumberRow } from './pair-estimate.ts';

export interface PairDecision {
  /** What the agent may do now. */
  eligibility: Eligibility;
  /** Ringside's own estimate, before WhatsApp's facts. */
  estimate: Eligibility;
  verdict: MetaVerdict;
  facts: PairFacts;
  serviceWindowOpenUntil: number | null;
}

export async function pairDecision(db: Db, profile: PolicyProfile, number: BusinessNumberRow, waId: string, now: Date): Promise<PairDecision> {
  const [estimate, facts] = await Promise.all([pairEstimate(db, profile, number, waId, now), loadMetaFacts(db, number.id, waId)]);
  const verdict = metaVerdict({
    estimate: estimate.eligibility, ledger: estimate.ledger, answer: facts.answer, refusals: facts.refusals,
    limits: profile.tiers[number.profile], now: now.getTime(),
  });
  return { eligibility: verdict.eligibility, estimate: estimate.eligibility, verdict, facts, serviceWindowOpenUntil: estimate.serviceWindowOpenUntil };
}
