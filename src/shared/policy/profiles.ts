/**
 * Meta's calling limits as data. A policy profile is one dated reading of Meta's rules; each
 * profile has a `production` and a `sandbox` tier (the business number's kind: Sandbox accounts and
 * public test numbers get relaxed limits, seed "Cloud API Calling" → "Testing and Sandbox accounts").
 * A deployment selects one profile; the evaluator never hard-codes a number.
 */
import type { CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { DAY_MS, WEEK_MS } from './durations.ts';

/** The business number's kind. Same values as `BusinessNumber.profile` / `SimBusinessNumber.profile`. */
export const policyTierSchema = z.enum(['production', 'sandbox']);
/** `production` for real numbers, `sandbox` for Sandbox accounts and public test numbers. */
export type PolicyTier = z.infer<typeof policyTierSchema>;

/** At most `max` events in any rolling window of `windowMs`. */
export interface QuotaLimit {
  max: number;
  windowMs: number;
}

/** The limits that differ between production and sandbox numbers. */
export interface TierLimits {
  /** Connected (picked-up) business-initiated calls per pair. */
  connectedCalls: QuotaLimit;
  /** Permission requests per pair, free-form and template counted together: the daily window. */
  requestsPerDay: QuotaLimit;
  /** Permission requests per pair: the weekly window. */
  requestsPerWeek: QuotaLimit;
  /** Consecutive unanswered (or rejected) business-initiated calls. */
  unanswered: {
    /** At this count WhatsApp asks the user to reconsider the permission. */
    reconsider: number;
    /** At this count WhatsApp revokes the permission automatically. */
    revoke: number;
  };
}

/** Identifiers of the shipped profiles; validate a deployment setting with `policyProfileIdSchema`. */
export const policyProfileIdSchema = z.enum(['seed-2025', 'meta-2026']);
/** `seed-2025` (the seed documents, default) or `meta-2026` (Meta's later changes). */
export type PolicyProfileId = z.infer<typeof policyProfileIdSchema>;

/** Every rule of Meta's calling policy that is a number or a list. */
export interface PolicyProfile {
  id: PolicyProfileId;
  /** One line for settings pages and logs. */
  label: string;
  tiers: Record<PolicyTier, TierLimits>;
  /**
   * ISO regions whose business numbers may not place business-initiated calls. Matched against the
   * region libphonenumber-js derives from the business number; the customer may be anywhere.
   */
  restrictedBusinessCountries: readonly CountryCode[];
  /** Lifetime of a temporary permission, from approval. Permanent permission never expires. */
  temporaryPermissionMs: number;
  /** How long an unanswered permission request stays open (reference §4.1, [UCP-26]). */
  requestLifetimeMs: number;
  /** Wait after the customer declines before the next request may be sent. */
  declineWaitMs: number;
  /** Concurrent calls per business number, each direction counted on its own. */
  concurrentCalls: { inbound: number; outbound: number };
  /**
   * `account_update` restriction types that pause business-initiated calls and permission requests
   * on a number (reference §5: 2025 combined type, 2026 split type).
   */
  restrictionsPausingBusinessCalls: readonly string[];
  /** `GET call_permissions` requests per second per business number; faster ones get error 613. */
  callPermissionsPerSecond: number;
}

// Seed "Calling API restrictions guide" + "Cloud API Calling" (Nov 20, 2025): 10 connected calls
// per 24 h since the Oct 13 2025 changelog (the guide's "5" predates it), 1 request/24 h and
// 2/7 days, streak 2 → reconsider and 4 → revoke; sandbox 100 calls, 25/100 requests, 5/10 streak.
const seedProduction: TierLimits = {
  connectedCalls: { max: 10, windowMs: DAY_MS },
  requestsPerDay: { max: 1, windowMs: DAY_MS },
  requestsPerWeek: { max: 2, windowMs: WEEK_MS },
  unanswered: { reconsider: 2, revoke: 4 },
};

const seedSandbox: TierLimits = {
  connectedCalls: { max: 100, windowMs: DAY_MS },
  requestsPerDay: { max: 25, windowMs: DAY_MS },
  requestsPerWeek: { max: 100, windowMs: WEEK_MS },
  unanswered: { reconsider: 5, revoke: 10 },
};

const sharedRules = {
  // Seed guide: "call them immediately or anytime within 7 days of their approval".
  temporaryPermissionMs: WEEK_MS,
  requestLifetimeMs: WEEK_MS,
  // Seed guide: "If the contact declines, you must wait 24 hours before sending another request."
  declineWaitMs: DAY_MS,
  // Seed guide: "up to 1,000 concurrent inbound and 1,000 concurrent outbound calls".
  concurrentCalls: { inbound: 1000, outbound: 1000 },
  restrictionsPausingBusinessCalls: ['RESTRICTED_BUSINESS_INITIATED_CALLING', 'RESTRICTED_BIZ_INITIATED_AND_USER_INITIATED_CALLING'],
} as const;

/** The shipped profiles, by id. */
export const policyProfiles: Record<PolicyProfileId, PolicyProfile> = {
  'seed-2025': {
    id: 'seed-2025',
    label: 'Seed documents (Nov 2025): 10 calls per 24 h; no business-initiated calls from US, CA, TR, EG, VN, NG',
    tiers: { production: seedProduction, sandbox: seedSandbox },
    restrictedBusinessCountries: ['US', 'CA', 'TR', 'EG', 'VN', 'NG'],
    // Reference §4.5 [UCP-25]: "5 requests per second".
    callPermissionsPerSecond: 5,
    ...sharedRules,
  },
  'meta-2026': {
    id: 'meta-2026',
    label: "Meta's 2026 rules: 100 calls per 24 h (since Dec 19 2025); Turkey no longer restricted",
    // Reference §5: production rose to 100/24 h on 2025-12-19, equal to sandbox; the other limits
    // are unchanged in Meta's Jun 2026 pages.
    tiers: {
      production: { ...seedProduction, connectedCalls: { max: 100, windowMs: DAY_MS } },
      sandbox: seedSandbox,
    },
    // Reference §5 [OV-26]: the Jun 2026 list drops Turkey.
    restrictedBusinessCountries: ['US', 'CA', 'EG', 'VN', 'NG'],
    // Reference §4.5 [UCP-26]: raised to 100 requests per second.
    callPermissionsPerSecond: 100,
    ...sharedRules,
  },
};

/** The profile used when a deployment does not choose one: the seed documents. */
export const defaultPolicyProfileId: PolicyProfileId = 'seed-2025';

/**
 * The profile for a deployment setting (e.g. an env variable); undefined or empty means the
 * default. Throws a ZodError naming the valid ids when the setting is unknown.
 */
export function policyProfile(id?: string | null): PolicyProfile {
  return policyProfiles[policyProfileIdSchema.parse(id || defaultPolicyProfileId)];
}
