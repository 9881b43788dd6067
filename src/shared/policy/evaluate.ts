/**
 * Meta's calling policy for one business number + WhatsApp user pair, written once: the simulator
 * enforces it as Meta, the server and the client explain it before the agent dials.
 */
import { placeOf } from '../phone-number.ts';
import { callEligibility, userCallEligibility } from './call-rules.ts';
import type { Eligibility, Refusal } from './eligibility.ts';
import { normalizeLedger, type CallUnanswered, type LedgerEntry } from './ledger.ts';
import { derivePermission } from './permission.ts';
import type { PolicyProfile, PolicyTier } from './profiles.ts';
import { requestEligibility } from './request-rules.ts';
import type { RuleContext } from './rule-context.ts';

/** Everything the evaluator needs; nothing is read from a clock or a store. */
export interface EvaluatePairInput {
  /** The pair's ledger in any order, duplicates allowed; entries after `now` are ignored. */
  ledger: readonly LedgerEntry[];
  /** Epoch ms (the simulator's clock in the simulator). */
  now: number;
  profile: PolicyProfile;
  /** The business number's kind. */
  tier: PolicyTier;
  /** The business number as a wa_id (digits); its region decides the country restriction. */
  businessWaId: string;
  /** The number's call settings have calling enabled (off by default, also on test numbers). */
  callingEnabled: boolean;
  /** Calls in progress on the business number, all customers; omitted = none. */
  activeCalls?: { inbound: number; outbound: number };
  /** End of the customer-service window, epoch ms; null/omitted = closed. */
  serviceWindowOpenUntil?: number | null;
  /**
   * WhatsApp's restrictions on the business number (`account_update`), any order, expired ones
   * allowed (ignored after `until`); `until` null = no expiry given.
   */
  restrictions?: ReadonlyArray<{ type: string; until: number | null }>;
}

/**
 * The pair's eligibility at `now`: permission, call quota, request budget, streak, and every
 * refusal with Meta's code. Pure and order-independent: the ledger is deduplicated by `id` and
 * sorted first (`normalizeLedger`), so replayed or reordered webhooks change nothing.
 */
export function evaluatePair(input: EvaluatePairInput): Eligibility {
  const { now, profile, tier } = input;
  const limits = profile.tiers[tier];
  const entries = normalizeLedger(input.ledger, now);
  const facts = derivePermission(entries, now, profile, limits);
  const active = input.activeCalls ?? { inbound: 0, outbound: 0 };

  // Seed: "The business phone number's country code must belong to one of the supported
  // countries." The region comes from libphonenumber-js, so +1 876 (Jamaica) is not US, and a
  // number it cannot place (Meta's +1 555 public test numbers) is not restricted.
  const place = placeOf(input.businessWaId);
  const businessCountry = place?.country ?? null;
  const gate: Refusal[] = [];
  if (!input.callingEnabled) gate.push({ code: 138000, reason: 'calling_disabled', until: null });
  if (place && profile.restrictedBusinessCountries.includes(place.country)) {
    gate.push({ code: 138013, reason: 'country_unavailable', until: null, country: place.country, callingCode: place.callingCode });
  }
  const pause = (input.restrictions ?? [])
    .filter((r) => profile.restrictionsPausingBusinessCalls.includes(r.type) && (r.until === null || r.until > now))
    .sort((a, b) => (a.until ?? Infinity) - (b.until ?? Infinity)).at(-1);
  if (pause) gate.push({ code: 138014, reason: 'calling_restricted', until: pause.until, restriction: pause.type });

  const ctx: RuleContext = { ...facts, entries, now, profile, limits, gate, active };
  return {
    now,
    profileId: profile.id,
    tier,
    businessCountry,
    permission: facts.permission,
    call: callEligibility(ctx),
    request: requestEligibility(ctx, input.serviceWindowOpenUntil ?? null),
    userCall: userCallEligibility(ctx, input.callingEnabled),
    concurrency: {
      inbound: { active: active.inbound, max: profile.concurrentCalls.inbound },
      outbound: { active: active.outbound, max: profile.concurrentCalls.outbound },
    },
    streak: facts.streak,
  };
}

/** What WhatsApp does because of one more unanswered business-initiated call. */
export interface UnansweredEffects {
  /** The call's id was already in the ledger: a replay, nothing happens. */
  duplicate: boolean;
  /** The streak just reached the reconsider threshold: send the user the "reconsider" message. */
  reconsider: boolean;
  /** The streak just reached the revoke threshold: send the reject/automatic reply webhook. */
  revoke: boolean;
  /** The eligibility right after the call. */
  after: Eligibility;
}

/**
 * For the simulator: the effects of recording `call` as unanswered, evaluated at `call.at`. Each
 * effect fires only on the call that crosses its threshold while a permission is in force, so the
 * reconsider message and the revoke webhook go out exactly once per streak, and a replayed call id
 * has no effect. The caller appends `call` (and, on revoke, the automatic reject) to the ledger.
 */
export function unansweredCallEffects(input: Omit<EvaluatePairInput, 'now'> & { call: CallUnanswered }): UnansweredEffects {
  const { call, ...rest } = input;
  const before = evaluatePair({ ...rest, now: call.at });
  const after = evaluatePair({ ...rest, ledger: [...input.ledger, call], now: call.at });
  const duplicate = input.ledger.some((entry) => entry.id === call.id);
  // Both effects concern an approved permission (seed: "reconsider the granted permission").
  const wasCallable = before.permission.state === 'temporary' || before.permission.state === 'permanent';
  const crossed = (threshold: number) => wasCallable && !duplicate && before.streak.count < threshold && after.streak.count >= threshold;
  return {
    duplicate,
    reconsider: crossed(after.streak.reconsiderThreshold),
    revoke: crossed(after.streak.revokeThreshold),
    after,
  };
}
