/**
 * What the policy answers for one pair at one instant: can we call, can we request, why not, and
 * the numbers behind it. Zod schemas so the server can send an `Eligibility` and the client parse
 * it; `describeRefusal` (describe.ts) turns each refusal into the sentence an agent reads.
 */
import { z } from 'zod';
import type { PermissionStatus } from '../agent-api.ts';
import { policyProfileIdSchema, policyTierSchema } from './profiles.ts';
import { permissionOriginSchema, requestViaSchema } from './ledger.ts';

const epochMs = z.number();

/**
 * Usage of one rolling window. An event counts while `at > now - windowMs` (so it leaves the
 * window exactly `windowMs` after it happened).
 */
export const quotaViewSchema = z.object({
  used: z.number().int(),
  max: z.number().int(),
  windowMs: z.number().int(),
  /** When `used` next drops (the oldest counted event leaves the window); null when nothing counts. */
  resetsAt: epochMs.nullable(),
  /** When `used < max` again; null while there is room now. */
  nextFreeAt: epochMs.nullable(),
});
/** Usage of one rolling window. */
export type QuotaView = z.infer<typeof quotaViewSchema>;

// ---- refusals -----------------------------------------------------------------------------
// `until`: epoch ms when the refusal lifts by time alone; null when it needs an action
// (the customer grants permission, an admin enables calling, a call ends) or never lifts.

const needsAction = z.null();

/** 138000: calling is not enabled in the number's call settings (disabled by default, also on test numbers). */
const callingDisabled = z.object({ code: z.literal(138000), reason: z.literal('calling_disabled'), until: needsAction });
/** 138013: business-initiated calls are not available for the business number's country. */
const countryUnavailable = z.object({
  code: z.literal(138013), reason: z.literal('country_unavailable'), until: needsAction,
  /** ISO region of the business number, e.g. "US". */
  country: z.string(),
  /** Its country calling code, e.g. "1". */
  callingCode: z.string(),
});
/**
 * 138014: WhatsApp paused business-initiated calling on this number (an `account_update`
 * ACCOUNT_RESTRICTION such as RESTRICTED_BUSINESS_INITIATED_CALLING); while paused, no calls and no
 * permission requests. `until` is the restriction's expiry when WhatsApp gave one.
 */
const callingRestricted = z.object({ code: z.literal(138014), reason: z.literal('calling_restricted'), until: epochMs.nullable(), restriction: z.string() });
/** 138006: the customer never granted permission. */
const noPermission = z.object({ code: z.literal(138006), reason: z.literal('no_permission'), until: needsAction });
/** 138006: the customer declined. */
const permissionDeclined = z.object({ code: z.literal(138006), reason: z.literal('permission_declined'), until: needsAction, declinedAt: epochMs });
/** 138006: the temporary permission ran out. */
const permissionExpired = z.object({ code: z.literal(138006), reason: z.literal('permission_expired'), until: needsAction, expiredAt: epochMs });
/** 138006: permission was revoked, by WhatsApp after the unanswered streak or (rarely reported) by the customer. */
const permissionRevoked = z.object({
  code: z.literal(138006), reason: z.literal('permission_revoked'), until: needsAction,
  revokedAt: epochMs,
  /** The streak that caused an automatic revoke; null when the revoke came without one in the ledger. */
  unansweredCalls: z.number().int().nullable(),
});
/** 138012: the pair's connected business-initiated calls fill the rolling window. */
const callLimit = z.object({
  code: z.literal(138012), reason: z.literal('call_limit'), until: epochMs,
  used: z.number().int(), max: z.number().int(), windowMs: z.number().int(),
});
/** 138002: the business number has as many calls in progress in this direction as Meta allows. */
const concurrencyLimit = z.object({
  code: z.literal(138002), reason: z.literal('concurrency_limit'), until: needsAction,
  direction: z.enum(['inbound', 'outbound']), active: z.number().int(), max: z.number().int(),
});
/** 138017: a request is pointless, the customer allows calls permanently. */
const permanentPermission = z.object({ code: z.literal(138017), reason: z.literal('permanent_permission'), until: needsAction });
/** 138009: the daily or weekly request window is full. */
const requestLimit = z.object({
  code: z.literal(138009), reason: z.literal('request_limit'), until: epochMs,
  period: z.enum(['day', 'week']), used: z.number().int(), max: z.number().int(), windowMs: z.number().int(),
});
/** 138009: the customer declined recently; the next request waits. */
const declinedRecently = z.object({ code: z.literal(138009), reason: z.literal('declined_recently'), until: epochMs, declinedAt: epochMs });
/**
 * WhatsApp itself said no (meta-facts.ts): its `call_permissions` answer, or a Graph refusal of our
 * last attempt. Holds until a newer fact about the pair or `until`. `code` is Meta's error code;
 * null when a `call_permissions` answer refused without a reason we can name.
 */
const whatsappRefused = z.object({
  code: z.number().int().nullable(), reason: z.literal('whatsapp_refused'), until: epochMs.nullable(),
  /** When WhatsApp said it. */
  at: epochMs,
  via: z.enum(['call_permissions', 'graph_error']),
});

/** Why an action is refused, with Meta's error code. */
export const refusalSchema = z.discriminatedUnion('reason', [
  callingDisabled, countryUnavailable, callingRestricted, noPermission, permissionDeclined, permissionExpired, permissionRevoked,
  callLimit, concurrencyLimit, permanentPermission, requestLimit, declinedRecently, whatsappRefused,
]);
/** Why an action is refused, with Meta's error code and when it lifts. */
export type Refusal = z.infer<typeof refusalSchema>;
/** The reason ids. */
export type RefusalReason = Refusal['reason'];

// ---- views --------------------------------------------------------------------------------

/**
 * The granted state, not counting pending requests: `none` (never replied), `temporary`,
 * `permanent`, `declined` (the customer said no), `revoked` (WhatsApp after the streak, or a
 * reject the customer sent outside a request), `expired` (temporary, 7 days passed).
 */
export const grantStateSchema = z.enum(['none', 'temporary', 'permanent', 'declined', 'revoked', 'expired']);
/** The granted state of a pair. */
export type GrantState = z.infer<typeof grantStateSchema>;

/** The pair's permission. */
export const permissionViewSchema = z.object({
  state: grantStateSchema,
  /** The accept the current or last grant comes from; null when nothing was ever granted. */
  grantedAt: epochMs.nullable(),
  /** Temporary (or expired): when it expires or expired. Null otherwise. */
  expiresAt: epochMs.nullable(),
  /** Declined / revoked / expired: when the permission ended or was refused. */
  endedAt: epochMs.nullable(),
  /** Who produced the deciding reply: the customer, or WhatsApp (callback grant, streak revoke). */
  source: z.enum(['user_action', 'automatic']).nullable(),
  /** Where the current or last grant came from: a request, the customer's profile, or their call (callback). */
  origin: permissionOriginSchema.nullable(),
  /** The latest request still awaiting the customer (no reply since, not older than its lifetime). */
  pendingRequestAt: epochMs.nullable(),
});
/** The pair's permission. */
export type PermissionView = z.infer<typeof permissionViewSchema>;

/** Consecutive unanswered business-initiated calls and the thresholds of the number's tier. */
export const streakViewSchema = z.object({
  count: z.number().int(),
  /** Count at which WhatsApp asks the user to reconsider (2 production, 5 sandbox). */
  reconsiderThreshold: z.number().int(),
  /** Count at which WhatsApp revokes the permission (4 production, 10 sandbox). */
  revokeThreshold: z.number().int(),
  /** The streak started after this: the latest grant or connected business-initiated call. */
  since: epochMs.nullable(),
  reconsiderSent: z.boolean(),
  revoked: z.boolean(),
  /** True when one more unanswered call revokes the permission: warn before dialing. */
  nextUnansweredRevokes: z.boolean(),
});
/** Consecutive unanswered business-initiated calls. */
export type StreakView = z.infer<typeof streakViewSchema>;

/** A business-initiated call to this customer. */
export const callEligibilitySchema = quotaViewSchema.extend({
  allowed: z.boolean(),
  /** In Meta's validation order; `refusals[0]` is the error Meta returns. */
  refusals: z.array(refusalSchema),
  /** `now` when allowed; when every refusal lifts by time; null when one needs an action. */
  nextPossibleAt: epochMs.nullable(),
});
/** A business-initiated call to this customer. */
export type CallEligibility = z.infer<typeof callEligibilitySchema>;

/** A permission request to this customer. */
export const requestEligibilitySchema = z.object({
  allowed: z.boolean(),
  /** Meta's validation order; 138009 refusals latest-lifting first, so `refusals[0]` names the binding one. */
  refusals: z.array(refusalSchema),
  day: quotaViewSchema,
  week: quotaViewSchema,
  /** When the wait after the latest decline ends; null when none is running. */
  declineWaitUntil: epochMs.nullable(),
  /** Requests at or before this connected call no longer count; null when no call connected. */
  countsSince: epochMs.nullable(),
  /** `now` when allowed; when every refusal lifts by time; null when one needs an action. */
  nextPossibleAt: epochMs.nullable(),
  /** Free-form inside the customer-service window, template outside. */
  via: requestViaSchema,
});
/** A permission request to this customer. */
export type RequestEligibility = z.infer<typeof requestEligibilitySchema>;

/** A call from this customer to the business number (available in every Cloud API country). */
export const userCallEligibilitySchema = z.object({ allowed: z.boolean(), refusals: z.array(refusalSchema) });
/** A call from this customer to the business number. */
export type UserCallEligibility = z.infer<typeof userCallEligibilitySchema>;

const concurrencySide = z.object({ active: z.number().int(), max: z.number().int() });

/** Everything the policy says about one pair at `now`. */
export const eligibilitySchema = z.object({
  now: epochMs,
  profileId: policyProfileIdSchema,
  tier: policyTierSchema,
  /** ISO region of the business number; null when libphonenumber-js cannot place it. */
  businessCountry: z.string().nullable(),
  permission: permissionViewSchema,
  call: callEligibilitySchema,
  request: requestEligibilitySchema,
  userCall: userCallEligibilitySchema,
  /** Calls in progress on the business number (all customers). */
  concurrency: z.object({ inbound: concurrencySide, outbound: concurrencySide }),
  streak: streakViewSchema,
});
/** Everything the policy says about one pair at `now`. */
export type Eligibility = z.infer<typeof eligibilitySchema>;

/**
 * The agent-facing status (`agent-api` `PermissionStatus`): the granted state, or `requested`
 * while a request awaits the customer and no permission is in force.
 */
export function agentPermissionStatus(permission: PermissionView): PermissionStatus {
  const callable = permission.state === 'temporary' || permission.state === 'permanent';
  return !callable && permission.pendingRequestAt !== null ? 'requested' : permission.state;
}
