/**
 * The simulator's control API (`/_sim/...` on the simulator's base URL): what trainers, tests and
 * the phone page use to play the WhatsApp users. Not part of Meta's API; documented in the OpenAPI
 * document. The simulator validates requests with these schemas, the phone page parses responses.
 * Business numbers' settings and restrictions: `sim-api-numbers.ts`; faults: `sim-api-faults.ts`.
 */
import { z } from 'zod';
import { bsuidPattern } from './customer-id.ts';
import { policyProfileIdSchema } from './policy/profiles.ts';

export const simBusinessNumberSchema = z.object({
  phone_number_id: z.string(),
  display_phone_number: z.string(),
  name: z.string(),
  profile: z.enum(['production', 'sandbox']),
  calling_enabled: z.boolean(),
});
export type SimBusinessNumber = z.infer<typeof simBusinessNumberSchema>;

/**
 * What the user does when a business calls: pick up (after `answer_after_ms`), decline, let it
 * ring, or be busy (the call ends at once without pick-up, as Meta reports a busy callee).
 */
export const onCallSchema = z.enum(['answer', 'decline', 'ignore', 'busy']);
export const onPermissionRequestSchema = z.enum(['accept', 'accept_permanent', 'decline', 'ignore']);
export const userAudioSchema = z.enum(['tone', 'echo', 'silence']);

/** A business-scoped user id (2026): two-letter region, a dot, an opaque id (`US.13491208655302741918`). */
export const simBsuidSchema = z.string().regex(bsuidPattern, 'A business-scoped user id looks like US.13491208655302741918.');

/** `PUT /_sim/users/{id}` — any subset. */
export const simUserPatchSchema = z.object({
  name: z.string().min(1).max(100).optional(),
  on_call: onCallSchema.optional(),
  answer_after_ms: z.number().int().min(0).max(120_000).optional(),
  on_permission_request: onPermissionRequestSchema.optional(),
  audio: userAudioSchema.optional(),
  /** The user's business-scoped user id (null: none); webhooks then carry `*_user_id` and `contacts[].user_id`. */
  user_id: simBsuidSchema.nullable().optional(),
  /** The user's WhatsApp username (null: none); webhooks carry it as `contacts[].profile.username`. */
  username: z.string().regex(/^[a-z0-9._]{3,35}$/, 'A username is 3–35 lower-case letters, digits, dots or underscores.').nullable().optional(),
  /** The user hides their number (needs a user_id and a username): webhooks omit the phone fields. */
  phone_hidden: z.boolean().optional(),
  /** False: the user is not on WhatsApp (calls 138001). The +44 7700 900xxx range is never on WhatsApp. */
  on_whatsapp: z.boolean().optional(),
}).strict();
export type SimUserPatch = z.infer<typeof simUserPatchSchema>;

export const simUserSchema = z.object({
  wa_id: z.string(),
  name: z.string(),
  on_call: onCallSchema,
  answer_after_ms: z.number().int(),
  on_permission_request: onPermissionRequestSchema,
  audio: userAudioSchema,
  /** True while a phone page is open for this user: a person decides, not the script. */
  phone_attached: z.boolean(),
  on_whatsapp: z.boolean(),
  user_id: z.string().nullable(),
  username: z.string().nullable(),
  phone_hidden: z.boolean(),
});
export type SimUser = z.infer<typeof simUserSchema>;
/** `GET /_sim/users`: every user the world knows (seeded, added, or met). */
export const simUserListSchema = z.array(simUserSchema);
/** `POST /_sim/users`: any valid number, typed as a person would (`+55 11 91234-5678`), becomes a user. */
export const simUserCreateSchema = simUserPatchSchema.extend({ number: z.string().min(1).max(40) }).strict();

/**
 * `POST /_sim/users/{id}/calls`, `POST /_sim/phone/{wa_id}/calls`: the user calls a business number,
 * optionally from a call button (`cta_payload`, its `payload`) or a `wa.me/call` deep link
 * (`deeplink_payload`, its `biz_payload`); both are echoed on the connect and terminate webhooks.
 */
export const startUserCallSchema = z.object({
  phone_number_id: z.string().min(1),
  cta_payload: z.string().min(1).max(512).optional(),
  deeplink_payload: z.string().min(1).max(512).optional(),
}).strict();
export type StartUserCall = z.infer<typeof startUserCallSchema>;
export const startUserCallResultSchema = z.object({ call_id: z.string() });
export const clockAdvanceSchema = z.object({ advance_ms: z.number().int().min(0).max(400 * 24 * 3600 * 1000) });
export const clockResultSchema = z.object({ now: z.number() });
/** `GET|POST /_sim/clock`: the simulator's now (epoch ms) and how far it runs ahead of wall time. */
export const simClockSchema = z.object({ now: z.number(), offset_ms: z.number() });
export type SimClockView = z.infer<typeof simClockSchema>;
/**
 * `GET /_sim/world`: a random id minted at each seed or reset (kept in the state file) and the
 * simulator-clock time of that seed, so the product can tell the world was re-seeded and re-align
 * its own demo data to the same instant.
 */
export const simWorldSchema = z.object({ id: z.string(), seeded_at: z.number() });
export type SimWorld = z.infer<typeof simWorldSchema>;

/**
 * `POST /_sim/users/{id}/permissions`: the user acts on their own, at any time. `grant_temporary` /
 * `grant_permanent`: from the business's profile (reply accept without context); `decline`: the
 * open request from that number (reply reject with context); `revoke`: takes a permission back
 * (reply reject without context; UNCONFIRMED, Meta documents no revoke webhook).
 */
export const userPermissionActionSchema = z.enum(['grant_temporary', 'grant_permanent', 'decline', 'revoke']);
export type UserPermissionAction = z.infer<typeof userPermissionActionSchema>;
export const simUserPermissionSchema = z.object({ phone_number_id: z.string().min(1), action: userPermissionActionSchema }).strict();
export const simUserPermissionResultSchema = z.object({ message_id: z.string() });

export const permissionReplyChoiceSchema = z.object({ response: z.enum(['accept', 'accept_permanent', 'decline']) });
export const sdpBodySchema = z.object({ sdp: z.string().min(1).max(20_000) });

/** The state of a call as the WhatsApp user's phone shows it. */
export const phoneCallStateSchema = z.enum(['calling', 'ringing', 'connecting', 'active', 'ended']);

export const phoneCallSchema = z.object({
  call_id: z.string(),
  direction: z.enum(['USER_INITIATED', 'BUSINESS_INITIATED']),
  business: simBusinessNumberSchema,
  state: phoneCallStateSchema,
  /** Simulator clock, ms. */
  started_at: z.number(),
  answered_at: z.number().nullable(),
  end_reason: z.string().nullable(),
});
export type PhoneCall = z.infer<typeof phoneCallSchema>;

export const phonePermissionRequestSchema = z.object({
  request_id: z.string(),
  business: simBusinessNumberSchema,
  body: z.string().nullable(),
  sent_at: z.number(),
});
export type PhonePermissionRequest = z.infer<typeof phonePermissionRequestSchema>;

/** Chat lines on the phone: permission requests' answers, WhatsApp's "reconsider" system message. */
export const phoneMessageSchema = z.object({
  id: z.string(),
  kind: z.enum(['system', 'business', 'user']),
  text: z.string(),
  at: z.number(),
});
export type PhoneMessage = z.infer<typeof phoneMessageSchema>;

/** `GET /_sim/phone/{wa_id}` — everything the phone page shows. */
export const phoneSnapshotSchema = z.object({
  user: simUserSchema,
  businesses: z.array(simBusinessNumberSchema),
  calls: z.array(phoneCallSchema),
  requests: z.array(phonePermissionRequestSchema),
  messages: z.array(phoneMessageSchema),
  now: z.number(),
});
export type PhoneSnapshot = z.infer<typeof phoneSnapshotSchema>;

/** Server-sent events on `GET /_sim/phone/{wa_id}/events`: each says "re-read the snapshot", with a hint. */
export const phoneEventSchema = z.object({
  type: z.enum(['snapshot', 'call.ringing', 'call.updated', 'call.ended', 'permission.requested', 'message']),
  snapshot: phoneSnapshotSchema,
});
export type PhoneEvent = z.infer<typeof phoneEventSchema>;

// ---- Control API answers added with the simulator (additive) ----------------------------------

/** `GET /_sim/business-numbers`. */
export const simBusinessNumberListSchema = z.array(simBusinessNumberSchema);

/**
 * One line of `GET /_sim/log`: a Graph request the simulator answered, one webhook delivery
 * attempt, or a DTMF digit the business sent in a call's media (Meta sends no webhook for it).
 */
export const simLogEntrySchema = z.object({
  seq: z.number().int(),
  /** Simulator clock, epoch ms: when the Graph request arrived, the delivery attempt finished, or the digit was heard. */
  at: z.number(),
  kind: z.enum(['graph', 'webhook', 'dtmf']),
  /** DTMF: the digit (0–9, *, #, A–D), once per RFC 4733 event. */
  digit: z.string().optional(),
  /** Webhook: simulator clock, epoch ms, when this delivery attempt was sent (its `at` is when it finished). */
  sent_at: z.number().optional(),
  /** Graph: the call action (connect, pre_accept, accept, reject, terminate) or the endpoint (messages, call_permissions, settings). */
  action: z.string().optional(),
  /** Webhook: connect, terminate, RINGING, ACCEPTED, REJECTED or call_permission_reply. */
  event: z.string().optional(),
  call_id: z.string().nullable(),
  /** Graph messages and permission replies: the wamid. */
  message_id: z.string().optional(),
  /** HTTP status answered (graph) or received (webhook); null when a delivery got no answer (timeout, refused). */
  status: z.number().int().nullable(),
  /** Graph: Meta's error code when the request was refused. */
  error_code: z.number().int().optional(),
  /** Webhook: 1 for the first try, 2+ for retries. */
  attempt: z.number().int().optional(),
  /** Webhook: true on the second copy sent by the duplicate_webhooks fault. */
  duplicate: z.boolean().optional(),
  /** Webhook: the random delay the reorder_webhooks fault gave this delivery, real ms. */
  delay_ms: z.number().int().optional(),
  /** Graph: the error came from the graph_errors fault, not from Meta's rules. */
  injected: z.boolean().optional(),
});
export type SimLogEntry = z.infer<typeof simLogEntrySchema>;
export const simLogSchema = z.object({ entries: z.array(simLogEntrySchema) });
export const simLogQuerySchema = z.object({ after: z.coerce.number().int().min(0).optional() });

/** `GET /_sim/calls/{call_id}` (and the list `GET /_sim/calls`): a call as Meta's side knows it. */
export const simCallSchema = z.object({
  call_id: z.string(),
  direction: z.enum(['USER_INITIATED', 'BUSINESS_INITIATED']),
  phone_number_id: z.string(),
  wa_id: z.string(),
  /** connecting | ringing (business-initiated), offered | pre_accepted (user-initiated), active, ended. */
  state: z.string(),
  /** Simulator clock, epoch ms. */
  created_at: z.number(),
  answered_at: z.number().nullable(),
  ended_at: z.number().nullable(),
  end_reason: z.string().nullable(),
  biz_opaque_callback_data: z.string().optional(),
  cta_payload: z.string().optional(),
  deeplink_payload: z.string().optional(),
  /** Digits the business sent as RFC 4733 events, in order. */
  dtmf: z.array(z.object({ digit: z.string(), at: z.number() })),
  /** RTP packets counted by the media endpoint. */
  media: z.object({ business_packets_in: z.number(), business_packets_out: z.number(), phone_packets_in: z.number(), phone_packets_out: z.number() }),
});
export type SimCallView = z.infer<typeof simCallSchema>;
export const simCallListSchema = z.array(simCallSchema);

/** Answer of the phone page's actions (answer, decline, hang up, media answer, permission reply). */
export const simOkSchema = z.object({ ok: z.literal(true) });

/** `PUT /_sim/policy`: which of Meta's rule sets the simulator enforces from now on (`shared/policy/profiles.ts`). */
export const simPolicyPutSchema = z.object({ profile: policyProfileIdSchema }).strict();
/** `GET|PUT /_sim/policy`: the active policy profile. `POST /_sim/reset` restores the one configured at start. */
export const simPolicySchema = z.object({
  profile: policyProfileIdSchema,
  /** One line describing the profile's rules. */
  label: z.string(),
});
export type SimPolicy = z.infer<typeof simPolicySchema>;
