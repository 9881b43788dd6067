/**
 * Test helpers for the policy tests only: ledger entry builders, the expected-values table and a
 * one-line evaluator. The expected numbers are written out here, not read from the profiles, so
 * the tests check the data as well as the code.
 */
import { evaluatePair, type EvaluatePairInput } from './evaluate.ts';
import type { Eligibility } from './eligibility.ts';
import type { CallConnected, CallUnanswered, PermissionOrigin, PermissionReplied, PermissionRequested, RequestVia } from './ledger.ts';
import { policyProfiles, type PolicyProfileId, type PolicyTier } from './profiles.ts';

/** A fixed start instant: Thu 20 Nov 2025 09:00 UTC. */
export const T0 = Date.UTC(2025, 10, 20, 9, 0, 0);
/** One second in ms. */
export const SECOND = 1000;
/** One minute in ms. */
export const MINUTE = 60 * SECOND;
/** One hour in ms. */
export const HOUR = 60 * MINUTE;
/** One day in ms. */
export const DAY = 24 * HOUR;

/** Real-looking business numbers (wa_id digits) by region. */
export const numbers = {
  BR: '551123456789', // +55 11 (São Paulo)
  GB: '442071234567', // +44 20 (London)
  US: '14155550100', // +1 415 (San Francisco)
  CA: '16135550123', // +1 613 (Ottawa)
  TR: '902122345678', // +90 212 (Istanbul)
  EG: '201001234567', // +20 100 (mobile)
  VN: '84912345678', // +84 91 (mobile)
  NG: '2348031234567', // +234 803 (mobile)
  JM: '18765551234', // +1 876 (Jamaica): shares +1, not US
  TEST: '15551234567', // +1 555: Meta's public test numbers; no region
} as const;

/** A key of `numbers`. */
export type NumberRegion = keyof typeof numbers;

let sequence = 0;
const nextId = (prefix: string) => `${prefix}.${++sequence}`;

/** Ledger entry builders; each call makes a new unique id. */
export const entry = {
  requested: (at: number, via: RequestVia = 'template'): PermissionRequested => ({ type: 'permission_requested', id: nextId('wamid.req'), at, via }),
  accepted: (at: number, options: { permanent?: boolean; expiresAt?: number; source?: 'user_action' | 'automatic'; origin?: PermissionOrigin } = {}): PermissionReplied => ({
    type: 'permission_replied', id: nextId('wamid.reply'), at, response: 'accept',
    permanent: options.permanent ?? false, source: options.source ?? 'user_action',
    ...(options.expiresAt === undefined ? {} : { expiresAt: options.expiresAt }),
    ...(options.origin === undefined ? {} : { origin: options.origin }),
  }),
  declined: (at: number): PermissionReplied => ({ type: 'permission_replied', id: nextId('wamid.reply'), at, response: 'reject', permanent: false, source: 'user_action' }),
  revoked: (at: number): PermissionReplied => ({ type: 'permission_replied', id: nextId('wamid.reply'), at, response: 'reject', permanent: false, source: 'automatic' }),
  connected: (at: number, direction: CallConnected['direction'] = 'business_initiated'): CallConnected => ({ type: 'call_connected', id: nextId('wacid'), at, direction }),
  unanswered: (at: number): CallUnanswered => ({ type: 'call_unanswered', id: nextId('wacid'), at }),
};

/** Expected limits of one profile × tier. */
export interface TierCase {
  profileId: PolicyProfileId;
  tier: PolicyTier;
  calls: number;
  requestsPerDay: number;
  requestsPerWeek: number;
  reconsider: number;
  revoke: number;
  turkeyRestricted: boolean;
}

/** One row per profile × tier: the values of the table, written out. */
export const tierCases: readonly TierCase[] = [
  { profileId: 'seed-2025', tier: 'production', calls: 10, requestsPerDay: 1, requestsPerWeek: 2, reconsider: 2, revoke: 4, turkeyRestricted: true },
  { profileId: 'seed-2025', tier: 'sandbox', calls: 100, requestsPerDay: 25, requestsPerWeek: 100, reconsider: 5, revoke: 10, turkeyRestricted: true },
  { profileId: 'meta-2026', tier: 'production', calls: 100, requestsPerDay: 1, requestsPerWeek: 2, reconsider: 2, revoke: 4, turkeyRestricted: false },
  { profileId: 'meta-2026', tier: 'sandbox', calls: 100, requestsPerDay: 25, requestsPerWeek: 100, reconsider: 5, revoke: 10, turkeyRestricted: false },
];

/** Evaluates with sensible defaults: a Brazilian business number with calling enabled. */
export function evaluate(
  c: { profileId: PolicyProfileId; tier: PolicyTier },
  ledger: EvaluatePairInput['ledger'],
  now: number,
  overrides: Partial<Omit<EvaluatePairInput, 'profile' | 'tier' | 'ledger' | 'now'>> = {},
): Eligibility {
  return evaluatePair({ ledger, now, profile: policyProfiles[c.profileId], tier: c.tier, businessWaId: numbers.BR, callingEnabled: true, ...overrides });
}

/** `n` entries built by `make`, one every `step` ms from `start`. */
export function series<T>(n: number, start: number, step: number, make: (at: number) => T): T[] {
  return Array.from({ length: n }, (_, i) => make(start + i * step));
}
