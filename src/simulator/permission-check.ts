/**
 * The simulator's reading of Meta's permission and limit rules, in one module on purpose: the
 * shared policy module (`src/shared/policy/`) replaces it next, so nothing else in the simulator
 * decides "may this call / request happen". Pure functions of a pair's ledger and `now`.
 */
import type { CallPermissionsResponse } from '../shared/meta-api.ts';
import type { MetaErrorCode } from '../shared/meta-errors.ts';
import { countryOf } from '../shared/phone-number.ts';
import type { LedgerEntry, PermissionReplied } from './ledger.ts';

const DAY_MS = 24 * 3_600_000;
const WEEK_MS = 7 * DAY_MS;

export type Tier = 'production' | 'sandbox';

interface TierLimits {
  /** Connected business-initiated calls per pair per rolling 24 h (138012). */
  connectedCallsPerDay: number;
  requestsPerDay: number;
  requestsPerWeek: number;
}

/** The numbers this module applies (reference §5, §6, §12). */
export const simPolicy = {
  tiers: {
    // Reference §12.1: 100 connected calls per 24 h (Meta since 2025-12-19); requests 1/24 h, 2/7 d.
    production: { connectedCallsPerDay: 100, requestsPerDay: 1, requestsPerWeek: 2 },
    sandbox: { connectedCallsPerDay: 100, requestsPerDay: 25, requestsPerWeek: 100 },
  } satisfies Record<Tier, TierLimits>,
  // Reference §5 (Nov 2025 list; Turkey was dropped in Jun 2026).
  restrictedBusinessCountries: ['US', 'CA', 'TR', 'EG', 'VN', 'NG'] as readonly string[],
  temporaryPermissionMs: WEEK_MS,
  // Reference §5/§6: 1000 concurrent business-initiated calls per business number (138002).
  maxConcurrentOutbound: 1000,
};

/** Why Meta refuses, as the Graph error it answers with. */
export interface Refusal {
  code: MetaErrorCode;
  /** `error_data.details`. */
  details: string;
}

/** A pair's permission at one instant, in `call_permissions` terms (reference §4.5). */
export interface PermissionState {
  status: 'no_permission' | 'temporary' | 'permanent';
  /** Temporary only, epoch ms. */
  expiresAt?: number;
  /** Why there is none: never granted, declined, or the temporary grant ran out. */
  reason?: 'never' | 'declined' | 'expired';
}

const iso = (ms: number) => new Date(ms).toISOString();
const byTime = (entries: readonly LedgerEntry[]) => [...entries].sort((a, b) => a.at - b.at);

/** The latest reply decides, except that a temporary grant never narrows a permanent one. */
export function permissionState(ledger: readonly LedgerEntry[], now: number): PermissionState {
  let state: PermissionState = { status: 'no_permission', reason: 'never' };
  const replies = byTime(ledger).filter((e): e is PermissionReplied => e.type === 'permission_replied' && e.at <= now);
  for (const reply of replies) {
    if (reply.response === 'reject') state = { status: 'no_permission', reason: 'declined' };
    else if (reply.permanent) state = { status: 'permanent' };
    else if (state.status !== 'permanent') {
      state = { status: 'temporary', expiresAt: reply.expiresAt ?? reply.at + simPolicy.temporaryPermissionMs };
    }
  }
  if (state.status === 'temporary' && state.expiresAt !== undefined && now >= state.expiresAt) {
    return { status: 'no_permission', reason: 'expired', expiresAt: state.expiresAt };
  }
  return state;
}

interface Usage {
  used: number;
  max: number;
  /** When there is room again, when `used >= max`. */
  nextFreeAt?: number;
}

/** Events counted while `at > now - windowMs` and after `since` (the last connected call resets request limits). */
function usage(times: number[], max: number, windowMs: number, now: number, since = -Infinity): Usage {
  const counted = times.filter((at) => at > Math.max(now - windowMs, since) && at <= now).sort((a, b) => a - b);
  const blocking = counted.length >= max ? counted[counted.length - max] : undefined;
  return { used: counted.length, max, ...(blocking === undefined ? {} : { nextFreeAt: blocking + windowMs }) };
}

function connectedCallUsage(ledger: readonly LedgerEntry[], now: number, tier: Tier): Usage {
  const times = ledger.filter((e) => e.type === 'call_connected' && e.direction === 'business_initiated').map((e) => e.at);
  return usage(times, simPolicy.tiers[tier].connectedCallsPerDay, DAY_MS, now);
}

function requestUsage(ledger: readonly LedgerEntry[], now: number, tier: Tier): { day: Usage; week: Usage } {
  // Reference §5: any connected call (either direction) resets the request limits.
  const lastConnected = Math.max(-Infinity, ...ledger.filter((e) => e.type === 'call_connected' && e.at <= now).map((e) => e.at));
  const times = ledger.filter((e) => e.type === 'permission_requested').map((e) => e.at);
  const limits = simPolicy.tiers[tier];
  return {
    day: usage(times, limits.requestsPerDay, DAY_MS, now, lastConnected),
    week: usage(times, limits.requestsPerWeek, WEEK_MS, now, lastConnected),
  };
}

/** The region of a business number when it may not place business-initiated calls (138013), else null. */
export function restrictedCountryOf(businessNumber: string): string | null {
  const country = countryOf(businessNumber);
  return country && simPolicy.restrictedBusinessCountries.includes(country) ? country : null;
}

/** What `connect` needs to know about the business number, the receiver and the calls in progress. */
export interface ConnectFacts {
  callingEnabled: boolean;
  /** Business number, wa_id digits. */
  businessNumber: string;
  tier: Tier;
  receiver: string;
  receiverOnWhatsApp: boolean;
  ledger: readonly LedgerEntry[];
  /** A call in progress between this business number and the receiver, either direction. */
  ongoingCallId: string | null;
  outboundCallsInProgress: number;
}

/** Meta's checks for a business-initiated `connect`, in the order of reference §10.3; null = allowed. */
export function checkConnect(facts: ConnectFacts, now: number): Refusal | null {
  if (!facts.callingEnabled) {
    return { code: 138000, details: `Calling is not enabled for the business phone number ${facts.businessNumber}. Enable it in the phone number's call settings.` };
  }
  const country = restrictedCountryOf(facts.businessNumber);
  if (country) {
    return { code: 138013, details: `Business-initiated calling is not available for business phone numbers from ${country}.` };
  }
  if (!facts.receiverOnWhatsApp) {
    return { code: 138001, details: `The receiver ${facts.receiver} cannot be called: the number is not on WhatsApp.` };
  }
  const permission = permissionState(facts.ledger, now);
  if (permission.status === 'no_permission') {
    const why = permission.reason === 'declined' ? 'The user declined the call permission request.'
      : permission.reason === 'expired' ? `The user's temporary call permission expired at ${iso(permission.expiresAt ?? now)}.`
        : 'The user has not granted call permission to this business phone number.';
    return { code: 138006, details: `${why} Send a call permission request first.` };
  }
  const calls = connectedCallUsage(facts.ledger, now, facts.tier);
  if (calls.nextFreeAt !== undefined) {
    return { code: 138012, details: `Limit of ${calls.max} connected business-initiated calls to this user within 24 hours reached. Next call allowed after ${iso(calls.nextFreeAt)}.` };
  }
  if (facts.ongoingCallId) {
    return { code: 138003, details: `A call with ${facts.receiver} is already in progress on this business phone number (${facts.ongoingCallId}).` };
  }
  if (facts.outboundCallsInProgress >= simPolicy.maxConcurrentOutbound) {
    return { code: 138002, details: `${facts.outboundCallsInProgress} business-initiated calls are in progress on this business phone number; the limit is ${simPolicy.maxConcurrentOutbound}.` };
  }
  return null;
}

/** Meta's checks for a call permission request (reference §4, §5); null = allowed. */
export function checkPermissionRequest(ledger: readonly LedgerEntry[], now: number, tier: Tier): Refusal | null {
  if (permissionState(ledger, now).status === 'permanent') {
    return { code: 138017, details: 'The user has already granted permanent call permission to this business phone number.' };
  }
  const { day, week } = requestUsage(ledger, now, tier);
  for (const [period, quota] of [['24 hours', day], ['7 days', week]] as const) {
    if (quota.nextFreeAt !== undefined) {
      return { code: 138009, details: `Limit of ${quota.max} call permission requests per ${period} reached. Next request allowed after ${iso(quota.nextFreeAt)}.` };
    }
  }
  return null;
}

const seconds = (ms: number) => Math.floor(ms / 1000);

function limit(timePeriod: string, quota: Usage) {
  return {
    time_period: timePeriod,
    max_allowed: quota.max,
    current_usage: quota.used,
    ...(quota.nextFreeAt === undefined ? {} : { limit_expiration_time: seconds(quota.nextFreeAt) }),
  };
}

/** `GET /call_permissions` in Meta's shape (reference §4.5). Uncallable numbers answer `no_permission`. */
export function callPermissionsView(ledger: readonly LedgerEntry[], now: number, tier: Tier, receiverOnWhatsApp: boolean): CallPermissionsResponse {
  const permission = receiverOnWhatsApp ? permissionState(ledger, now) : { status: 'no_permission' as const };
  const calls = connectedCallUsage(ledger, now, tier);
  const requests = requestUsage(ledger, now, tier);
  return {
    messaging_product: 'whatsapp',
    permission: {
      status: permission.status,
      ...(permission.status === 'temporary' && permission.expiresAt !== undefined ? { expiration_time: seconds(permission.expiresAt) } : {}),
    },
    actions: [
      {
        action_name: 'send_call_permission_request',
        can_perform_action: receiverOnWhatsApp && checkPermissionRequest(ledger, now, tier) === null,
        limits: [limit('PT24H', requests.day), limit('P7D', requests.week)],
      },
      {
        action_name: 'start_call',
        can_perform_action: permission.status !== 'no_permission' && calls.nextFreeAt === undefined,
        limits: [limit('PT24H', calls)],
      },
    ],
  };
}
