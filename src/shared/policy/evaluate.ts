/**
 * Meta's calling policy for one business number + WhatsApp user pair, written once: the simulator
 * enforces it as Meta, the server and the client explain it before the agent dials.
 */
import { countryOf } from '../phone-number.ts';
import type { CallEligibility, Eligibility, PermissionView, Refusal, RequestEligibility, UserCallEligibility } from './eligibility.ts';
import { normalizeLedger, type CallUnanswered, type LedgerEntry } from './ledger.ts';
import { derivePermission } from './permission.ts';
import type { PolicyProfile, PolicyTier } from './profiles.ts';
import { rollingWindow } from './quota.ts';

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
}

/** When every refusal lifts: `now` if none, the latest `until`, or null if one needs an action. */
function nextPossible(refusals: readonly Refusal[], now: number): number | null {
  let latest = now;
  for (const refusal of refusals) {
    if (refusal.until === null) return null;
    latest = Math.max(latest, refusal.until);
  }
  return latest;
}

function permissionRefusal(permission: PermissionView, streakCount: number, revokeThreshold: number): Refusal | null {
  const { state, endedAt } = permission;
  switch (state) {
    case 'temporary':
    case 'permanent':
      return null;
    case 'none':
      return { code: 138006, reason: 'no_permission', until: null };
    case 'declined':
      return { code: 138006, reason: 'permission_declined', until: null, declinedAt: endedAt ?? 0 };
    case 'expired':
      return { code: 138006, reason: 'permission_expired', until: null, expiredAt: endedAt ?? 0 };
    case 'revoked':
      return {
        code: 138006, reason: 'permission_revoked', until: null, revokedAt: endedAt ?? 0,
        unansweredCalls: streakCount >= revokeThreshold ? streakCount : null,
      };
  }
}

/**
 * The pair's eligibility at `now`. Pure and order-independent: the ledger is deduplicated by
 * `id` and sorted first (`normalizeLedger`), so replayed or reordered webhooks change nothing.
 *
 * Business-initiated call refusals follow Meta's `connect` validation order (reference §10.3):
 * calling enabled (138000) → business number's country (138013) → permission (138006) → connected
 * calls in the rolling 24 h (138012) → concurrency (138002).
 * Request refusals: calling enabled → country (a permission only serves business-initiated calls;
 * inference, Meta documents no code for requests here) → permanent permission (138017) → the
 * decline wait and the day/week limits (138009, the latest-lifting first).
 */
export function evaluatePair(input: EvaluatePairInput): Eligibility {
  const { now, profile, tier } = input;
  const limits = profile.tiers[tier];
  const entries = normalizeLedger(input.ledger, now);
  const { permission, streak, lastDeclineAt } = derivePermission(entries, now, profile, limits);
  const active = input.activeCalls ?? { inbound: 0, outbound: 0 };

  const businessCountry = countryOf(input.businessWaId);
  // Seed: "The business phone number's country code must belong to one of the supported
  // countries." The region comes from libphonenumber-js, so +1 876 (Jamaica) is not US, and a
  // number it cannot place (Meta's +1 555 test numbers) is not restricted.
  const countryRestricted = businessCountry !== null && profile.restrictedBusinessCountries.includes(businessCountry);

  const gate: Refusal[] = [];
  if (!input.callingEnabled) gate.push({ code: 138000, reason: 'calling_disabled', until: null });
  if (countryRestricted && businessCountry) gate.push({ code: 138013, reason: 'country_unavailable', until: null, country: businessCountry });

  // ---- business-initiated call ----
  // Only connected business-initiated calls count (reference §4.5: `start_call` counts picked-up calls).
  const connectedBic = entries.filter((e) => e.type === 'call_connected' && e.direction === 'business_initiated').map((e) => e.at);
  const quota = rollingWindow(connectedBic, limits.connectedCalls, now);
  const callRefusals = [...gate];
  const noPermission = permissionRefusal(permission, streak.count, streak.revokeThreshold);
  if (noPermission) callRefusals.push(noPermission);
  if (quota.nextFreeAt !== null) {
    const { used, max, windowMs } = quota;
    callRefusals.push({ code: 138012, reason: 'call_limit', until: quota.nextFreeAt, used, max, windowMs });
  }
  if (active.outbound >= profile.concurrentCalls.outbound) {
    callRefusals.push({ code: 138002, reason: 'concurrency_limit', until: null, direction: 'outbound', active: active.outbound, max: profile.concurrentCalls.outbound });
  }
  let callNext = nextPossible(callRefusals, now);
  // A quota that frees after the temporary permission expires frees nothing.
  if (callNext !== null && permission.state === 'temporary' && permission.expiresAt !== null && callNext >= permission.expiresAt) callNext = null;
  const call: CallEligibility = { ...quota, allowed: callRefusals.length === 0, refusals: callRefusals, nextPossibleAt: callNext };

  // ---- permission request ----
  // Seed guide: request limits "reset whenever a connected call (either business-initiated or
  // user-initiated) occurs": requests at or before the last connected call no longer count.
  const lastConnected = entries.filter((e) => e.type === 'call_connected').at(-1)?.at ?? null;
  const requestTimes = entries.filter((e) => e.type === 'permission_requested').map((e) => e.at);
  const day = rollingWindow(requestTimes, limits.requestsPerDay, now, lastConnected);
  const week = rollingWindow(requestTimes, limits.requestsPerWeek, now, lastConnected);
  // Seed guide: "If the contact declines, you must wait 24 hours". Not lifted by a connected call:
  // the seed lists it apart from the request limits that a call resets.
  const declineWaitUntil = lastDeclineAt !== null && now < lastDeclineAt + profile.declineWaitMs ? lastDeclineAt + profile.declineWaitMs : null;
  const timed: Refusal[] = [];
  if (declineWaitUntil !== null && lastDeclineAt !== null) timed.push({ code: 138009, reason: 'declined_recently', until: declineWaitUntil, declinedAt: lastDeclineAt });
  if (day.nextFreeAt !== null) timed.push({ code: 138009, reason: 'request_limit', until: day.nextFreeAt, period: 'day', used: day.used, max: day.max, windowMs: day.windowMs });
  if (week.nextFreeAt !== null) timed.push({ code: 138009, reason: 'request_limit', until: week.nextFreeAt, period: 'week', used: week.used, max: week.max, windowMs: week.windowMs });
  timed.sort((a, b) => (b.until ?? 0) - (a.until ?? 0));
  const requestRefusals = [...gate];
  if (permission.state === 'permanent') requestRefusals.push({ code: 138017, reason: 'permanent_permission', until: null });
  requestRefusals.push(...timed);
  const windowOpen = input.serviceWindowOpenUntil != null && now < input.serviceWindowOpenUntil;
  const request: RequestEligibility = {
    allowed: requestRefusals.length === 0,
    refusals: requestRefusals,
    day,
    week,
    declineWaitUntil,
    countsSince: lastConnected,
    nextPossibleAt: nextPossible(requestRefusals, now),
    via: windowOpen ? 'free_form' : 'template',
  };

  // ---- user-initiated call: available everywhere Cloud API is (seed), bounded by concurrency ----
  const userRefusals: Refusal[] = input.callingEnabled ? [] : [{ code: 138000, reason: 'calling_disabled', until: null }];
  if (active.inbound >= profile.concurrentCalls.inbound) {
    userRefusals.push({ code: 138002, reason: 'concurrency_limit', until: null, direction: 'inbound', active: active.inbound, max: profile.concurrentCalls.inbound });
  }
  const userCall: UserCallEligibility = { allowed: userRefusals.length === 0, refusals: userRefusals };

  return {
    now,
    profileId: profile.id,
    tier,
    businessCountry,
    permission,
    call,
    request,
    userCall,
    concurrency: {
      inbound: { active: active.inbound, max: profile.concurrentCalls.inbound },
      outbound: { active: active.outbound, max: profile.concurrentCalls.outbound },
    },
    streak,
  };
}

/** What WhatsApp does because of one more unanswered business-initiated call. */
export interface UnansweredEffects {
  /** The call's id was already in the ledger: a replay, nothing happens. */
  duplicate: boolean;
  /** The streak just reached the reconsider threshold: send the user the "reconsider" message. */
  reconsider: boolean;
  /** The streak just reached the revoke threshold: revoke and send the reject/automatic reply webhook. */
  revoke: boolean;
  /** The eligibility right after the call. */
  after: Eligibility;
}

/**
 * For the simulator: the effects of recording `call` as unanswered. Each effect fires only on the
 * call that crosses its threshold, so the reconsider message and the revoke webhook go out exactly
 * once per streak, and a replayed call id has no effect.
 */
export function unansweredCallEffects(input: Omit<EvaluatePairInput, 'now' | 'ledger'> & { ledger: readonly LedgerEntry[]; call: CallUnanswered }): UnansweredEffects {
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
