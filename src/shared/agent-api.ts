/**
 * The browser ⇄ server contract: REST bodies and the push-event union. Our own names, never Meta's.
 * The server validates what it receives with these schemas, the client parses what it receives.
 */
import { z } from 'zod';
import { callOutcomeSchema } from './call-facts.ts';
import { contactFilterIds } from './contact-filters.ts';
import { customerIdSchema } from './customer-id.ts';
import { agentStates, awayReasons, type AgentStatus } from './agent-state.ts';
import type { CallQuality } from './call-quality.ts';
import { monitorSessionSchema } from './monitor-api.ts';
import type { NumberCallingSettings, NumberNotice } from './number-notices.ts';
import { eligibilitySchema, grantStateSchema } from './policy/eligibility.ts';
import { requestViaSchema } from './policy/ledger.ts';
import { policyProfileIdSchema } from './policy/profiles.ts';
import { timelineEntrySchema } from './timeline.ts';

const isoTime = z.string();

/** `shared/number-notices.ts` NumberNotice, validated. */
const numberNoticeSchema: z.ZodType<NumberNotice> = z.object({
  kind: z.enum(['warning', 'restriction']),
  type: z.string(),
  since: isoTime,
  until: isoTime.nullable(),
  pausesBusinessCalls: z.boolean(),
});
/** `shared/number-notices.ts` NumberCallingSettings, validated. */
const numberCallingSettingsSchema: z.ZodType<NumberCallingSettings> = z.object({
  calling: z.enum(['enabled', 'disabled']).nullable(),
  callIcon: z.enum(['shown', 'hidden']).nullable(),
  callbackPermission: z.enum(['enabled', 'disabled']).nullable(),
  updatedAt: isoTime,
});

export const roleSchema = z.enum(['agent', 'supervisor', 'trainer']);
export type Role = z.infer<typeof roleSchema>;

export const presenceSchema = z.enum(['available', 'away']);
export type Presence = z.infer<typeof presenceSchema>;

export const awayReasonSchema = z.enum(awayReasons);
/** `shared/agent-state.ts` AgentStatus, validated. */
export const agentStatusSchema: z.ZodType<AgentStatus> = z.object({
  state: z.enum(agentStates),
  since: isoTime,
  awayReason: awayReasonSchema.nullable(),
  wrapUpUntil: isoTime.nullable(),
});

export const meSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  /** What this user is doing now (agents and trainers who take calls; supervisors are always `available`). */
  status: agentStatusSchema,
  role: roleSchema,
  presence: presenceSchema,
});
export type Me = z.infer<typeof meSchema>;

/** `GET /api/session`: who is signed in, `me: null` when nobody is (a 200, so a first visit logs no failed request). */
export const sessionSchema = z.object({ me: meSchema.nullable() });
export type Session = z.infer<typeof sessionSchema>;

export const signInSchema = z.object({
  username: z.string().trim().min(1, 'Enter a username').max(64),
  password: z.string().min(1, 'Enter a password').max(256),
});
export type SignIn = z.infer<typeof signInSchema>;

export const configSchema = z.object({
  mode: z.enum(['simulator', 'meta']),
  /** Base URL of the simulator's control API, for the phone page (simulator mode only). */
  simulatorUrl: z.string().nullable(),
  /** Seeded sign-ins shown on the sign-in page (simulator mode only). */
  demoAccounts: z.array(z.object({ username: z.string(), password: z.string(), role: roleSchema, displayName: z.string() })),
  /** Which set of Meta's limits this deployment applies (shared/policy/profiles.ts). */
  policyProfile: z.object({ id: policyProfileIdSchema, label: z.string() }),
});
export type ClientConfig = z.infer<typeof configSchema>;

export const businessNumberSchema = z.object({
  id: z.string(),
  /** The number for people ("+55 11 4000-1000"), formatted by the server: the browser ships no numbering plans. */
  displayNumber: z.string(),
  label: z.string(),
  profile: z.enum(['production', 'sandbox']),
  country: z.string().nullable(),
  /** WhatsApp's warnings and restrictions in force on the number (`account_update`), restrictions first. */
  notices: z.array(numberNoticeSchema).optional(),
  /** The number's calling settings as WhatsApp last reported them (`account_settings_update`); null when never reported. */
  callingSettings: numberCallingSettingsSchema.nullable().optional(),
});
export type BusinessNumber = z.infer<typeof businessNumberSchema>;

/** Permission of one WhatsApp user towards one business number, as the agent sees it. */
export const permissionStatusSchema = z.enum(['none', 'requested', 'temporary', 'permanent', 'declined', 'revoked', 'expired']);
export type PermissionStatus = z.infer<typeof permissionStatusSchema>;

export const permissionViewSchema = z.object({
  status: permissionStatusSchema,
  expiresAt: isoTime.nullable(),
  updatedAt: isoTime.nullable(),
});
export type PermissionView = z.infer<typeof permissionViewSchema>;

/**
 * Meta's own answer from `GET /call_permissions` (reference §4.5), when we asked. It decides over
 * our estimate while it `holds` (until a newer fact about the pair or its own expiry times).
 */
export const metaPermissionViewSchema = z.object({
  fetchedAt: isoTime,
  status: z.enum(['no_permission', 'temporary', 'permanent']),
  expiresAt: isoTime.nullable(),
  canCall: z.boolean(),
  canRequest: z.boolean(),
  callsUsed: z.number().int().nullable(),
  callsMax: z.number().int().nullable(),
  callLimitResetsAt: isoTime.nullable(),
  /** Still decides: no newer fact about the pair since, and its expiry or limit times have not passed. */
  holds: z.boolean(),
});
export type MetaPermissionView = z.infer<typeof metaPermissionViewSchema>;

/** WhatsApp's latest refusal of a call or request to this contact (a Graph error with a pair code). */
export const metaRefusalViewSchema = z.object({
  at: isoTime,
  action: z.enum(['call', 'request']),
  code: z.number().int(),
  /** Meta's own message, e.g. "(#138006) No approved call permission from the recipient". */
  metaMessage: z.string(),
  /** Still decides (no newer grant, connected call or answer since; not lifted by time). */
  holds: z.boolean(),
});
export type MetaRefusalView = z.infer<typeof metaRefusalViewSchema>;

/** Whose figures a part of the decision shows: WhatsApp's (a fact that holds) or Ringside's estimate. */
export const basisSchema = z.enum(['whatsapp', 'ringside']);
export type Basis = z.infer<typeof basisSchema>;

export const contactSchema = z.object({
  /** The contact key: the customer's wa_id, or their business-scoped user id when WhatsApp hides the number. */
  waId: customerIdSchema,
  name: z.string(),
  /** The customer for people: the formatted number ("+55 11 91234-5678"), or the business-scoped user id. */
  displayNumber: z.string(),
  country: z.string().nullable(),
  /** The badge: last known permission, including a pending request. */
  permission: permissionViewSchema,
  /**
   * What the agent may do: our estimate from the pair's ledger (shared policy), corrected by
   * WhatsApp's facts that still hold (its answer, its refusals). The UI follows this.
   */
  eligibility: eligibilitySchema,
  /** Whose figures each part of `eligibility` shows. */
  basis: z.object({ permission: basisSchema, calls: basisSchema, requests: basisSchema }),
  /** Ringside's own estimate, before WhatsApp's facts: shown beside WhatsApp's answer when they differ. */
  estimate: z.object({
    permission: grantStateSchema,
    canCall: z.boolean(),
    canRequest: z.boolean(),
    callsUsed: z.number().int(),
    callsMax: z.number().int(),
  }),
  /** Meta's latest `call_permissions` answer we could read (`POST .../permission-status/refresh`, or asked at dial time). */
  meta: metaPermissionViewSchema.nullable(),
  /** Meta's latest answer when we could not read it: kept raw on the server, shown as such. */
  metaUnreadable: z.object({ fetchedAt: isoTime, problem: z.string() }).nullable(),
  /** WhatsApp's latest refusal of a call or request to this contact. */
  metaRefusal: metaRefusalViewSchema.nullable(),
  /** The 24 h customer-service window: opened when the customer calls or accepts a business call. */
  serviceWindowOpenUntil: isoTime.nullable(),
});
export type Contact = z.infer<typeof contactSchema>;

export const directionSchema = z.enum(['business_initiated', 'user_initiated']);

/** Server-side call status. */
export const callStatusSchema = z.enum(['dialing', 'connecting', 'ringing', 'accepting', 'active', 'ended']);
export type CallStatus = z.infer<typeof callStatusSchema>;

/** How a call ended (shared/call-facts.ts). */
export const outcomeKindSchema = callOutcomeSchema;

const qualityFigures = z.object({ rttMs: z.number(), jitterMs: z.number(), lossPct: z.number(), mos: z.number() });
/** `shared/call-quality.ts` CallQuality, validated. */
export const callQualitySchema: z.ZodType<CallQuality> = z.object({
  last: qualityFigures.extend({ at: isoTime }), worst: qualityFigures, average: qualityFigures, samples: z.number().int(),
});

export const callSummarySchema = z.object({
  id: z.string(),
  direction: directionSchema,
  businessNumberId: z.string(),
  waId: z.string(),
  contactName: z.string(),
  /** The customer for people, as on `Contact.displayNumber`. */
  displayNumber: z.string(),
  agentId: z.string().nullable(),
  agentName: z.string().nullable(),
  status: callStatusSchema,
  startedAt: isoTime,
  answeredAt: isoTime.nullable(),
  endedAt: isoTime.nullable(),
  durationSeconds: z.number().int().nullable(),
  outcome: outcomeKindSchema.nullable(),
  endMessage: z.string().nullable(),
  errorCode: z.number().int().nullable(),
  /** The agents a ringing inbound call rings now (empty while it waits in the queue). */
  ringAgentIds: z.array(z.string()),
  /** What the agent's browser measured, when it reported. */
  quality: callQualitySchema.nullable(),
  /** Why the customer called: the call button's or deep link's payload (reference §9). */
  context: z.object({ ctaPayload: z.string().optional(), deeplinkPayload: z.string().optional() }).nullable(),
  /** An inbound call Ringside turned away because nobody could take it ("missed: nobody available"). */
  nobodyAvailable: z.boolean().optional(),
  /** The agent's after-call disposition and notes (`PATCH /api/calls/{id}`); absent from older builds. */
  disposition: z.string().nullable().optional(),
  notes: z.string().nullable().optional(),
});
export type CallSummary = z.infer<typeof callSummarySchema>;

/** A user as the floor and the classroom see them: who, and what they are doing. */
export const agentSummarySchema = z.object({ id: z.string(), displayName: z.string(), role: roleSchema, status: agentStatusSchema });
export type AgentSummary = z.infer<typeof agentSummarySchema>;

// ---- requests ----------------------------------------------------------------------------

/** Upper bound for one SDP; a real audio SDP is 2–6 kB. */
const sdpSchema = z.string().min(1).max(20_000);

export const placeCallSchema = z.object({ businessNumberId: z.string().min(1), waId: customerIdSchema, sdp: sdpSchema });
export type PlaceCall = z.infer<typeof placeCallSchema>;
export const placeCallResultSchema = z.object({ callId: z.string() });

export const answerSdpSchema = z.object({ sdp: sdpSchema });
export const preAcceptResultSchema = z.object({ forwarded: z.boolean() });
export const okSchema = z.object({ ok: z.literal(true) });

export const setPresenceSchema = z.object({ presence: presenceSchema, awayReason: awayReasonSchema.optional() });
export type SetPresence = z.infer<typeof setPresenceSchema>;
/** More after-call work: seconds to add (the "Extend" button). */
export const extendWrapUpSchema = z.object({ seconds: z.number().int().min(1).max(3600) });
/** One `getStats` sample of the agent's call. */
export const qualitySampleSchema = z.object({
  rttMs: z.number().min(0).max(60_000), jitterMs: z.number().min(0).max(60_000), lossPct: z.number().min(0).max(100), mos: z.number().min(1).max(5),
});
export const permissionRequestSchema = z.object({ businessNumberId: z.string().min(1), body: z.string().max(1024).optional() });
/** Free-form inside the customer-service window, the permission template outside it. */
export const permissionRequestResultSchema = z.object({ ok: z.literal(true), via: requestViaSchema });
export type PermissionRequestResult = z.infer<typeof permissionRequestResultSchema>;
export const businessNumberQuerySchema = z.object({ businessNumberId: z.string().min(1) });
/** A page of the contact list: keyset `after` (opaque), search text, one of the list's filters. */
export const contactPageQuerySchema = businessNumberQuerySchema.extend({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  after: z.string().max(2000).optional(),
  q: z.string().max(100).optional(),
  filter: z.enum(contactFilterIds).default('all'),
});
export const contactPageSchema = z.object({ contacts: z.array(contactSchema), next: z.string().nullable() });
export type ContactPage = z.infer<typeof contactPageSchema>;

/**
 * `POST /api/contacts`: the number as the agent typed it ("+55 11 91234-5678") or a wa_id; the
 * server validates it (libphonenumber-js). `businessNumberId` picks the line the answer is seen
 * from (default: the first line).
 */
export const createContactSchema = z.object({
  number: z.string().trim().min(1).max(40).optional(),
  waId: z.string().trim().min(1).max(40).optional(),
  name: z.string().trim().min(1).max(100).optional(),
  businessNumberId: z.string().min(1).optional(),
}).refine((v) => v.number !== undefined || v.waId !== undefined, { message: 'Give the number (as typed) or the wa_id.', path: ['number'] });
export type CreateContact = z.infer<typeof createContactSchema>;

/** `PATCH /api/calls/{id}`: the after-call disposition (one of the deployment's list) and notes, by the call's agent. */
export const callWrapUpSchema = z.object({
  disposition: z.string().trim().min(1).max(60).nullable().optional(),
  notes: z.string().max(2000).nullable().optional(),
}).refine((v) => v.disposition !== undefined || v.notes !== undefined, { message: 'Give a disposition or notes.', path: ['disposition'] });
export type CallWrapUp = z.infer<typeof callWrapUpSchema>;

/** History filters: whose calls, how they ended, which way, a number or name, a time range; keyset `after`. */
export const callPageQuerySchema = z.object({
  scope: z.enum(['mine', 'all']).default('mine'),
  outcome: z.enum([...callOutcomeSchema.options, 'nobody_available']).optional(),
  direction: directionSchema.optional(),
  /** Name or number, as typed (digits match the number). */
  q: z.string().trim().max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  waId: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(25),
  after: z.string().max(500).optional(),
});
export type CallPageQuery = z.input<typeof callPageQuerySchema>;
export const callPageSchema = z.object({ calls: z.array(callSummarySchema), next: z.string().nullable() });
export type CallPage = z.infer<typeof callPageSchema>;

/** One line of a contact's timeline: a call, or a permission fact from the pair's ledger. */
export const timelineItemSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('call'), at: isoTime, call: callSummarySchema }),
  z.object({ kind: z.literal('request'), at: isoTime, via: requestViaSchema }),
  z.object({ kind: z.literal('permission'), at: isoTime, response: z.enum(['accept', 'reject']), permanent: z.boolean(), source: z.enum(['user_action', 'automatic']), expiresAt: isoTime.nullable() }),
]);
export type TimelineItem = z.infer<typeof timelineItemSchema>;
export const timelineSchema = z.object({ items: z.array(timelineItemSchema) });
export type Timeline = z.infer<typeof timelineSchema>;

/** Customers waiting because nobody could be rung, and the deployment's disposition list. */
export const queueSchema = z.object({ waiting: z.number().int() });
export const dispositionsSchema = z.object({ dispositions: z.array(z.string()) });

// ---- push events (server → browser) ------------------------------------------------------

export const agentEventSchema = z.discriminatedUnion('type', [
  /** An agent's (or a call-taking trainer's) state changed: to the agent and to the floor. */
  z.object({ type: z.literal('agent.updated'), agent: agentSummarySchema }),
  /** Customers waiting because nobody could be rung (to everyone signed in). */
  z.object({ type: z.literal('queue.updated'), waiting: z.number().int() }),
  /** A new quality sample for a live call: to the floor and the call's agent. */
  z.object({ type: z.literal('call.quality'), callId: z.string(), quality: callQualitySchema }),
  z.object({ type: z.literal('hello'), me: meSchema }),
  /** A user-initiated call rings this agent; `offerSdp` is Meta's offer. */
  z.object({ type: z.literal('call.incoming'), call: callSummarySchema, offerSdp: z.string() }),
  /** Meta's SDP answer for this agent's business-initiated call. */
  z.object({ type: z.literal('call.answer'), callId: z.string(), sdp: z.string() }),
  z.object({ type: z.literal('call.updated'), call: callSummarySchema }),
  /** Another agent answered: stop ringing. */
  z.object({ type: z.literal('call.claimed'), callId: z.string(), agentId: z.string(), agentName: z.string() }),
  z.object({ type: z.literal('call.ended'), call: callSummarySchema }),
  z.object({ type: z.literal('contact.updated'), waId: z.string(), businessNumberId: z.string() }),
  /** Every contact's picture changed (the simulator's world was re-seeded, the clock jumped): re-read them all. */
  z.object({ type: z.literal('contacts.reset') }),
  /** WhatsApp changed its warnings, restrictions or calling settings for a business number: re-fetch it. */
  z.object({ type: z.literal('business-number.updated'), businessNumberId: z.string() }),
  /** A new line of the classroom timeline (a Graph request sent, a webhook received): to trainers and supervisors. */
  z.object({ type: z.literal('training.timeline'), entry: timelineEntrySchema }),
  /** A supervisor opened a monitoring leg on a call: to the call's agent and that supervisor. */
  z.object({ type: z.literal('monitor.started'), session: monitorSessionSchema }),
  /** A simple-peer signal for the other side of a monitoring leg. */
  z.object({ type: z.literal('monitor.signal'), sessionId: z.string(), callId: z.string(), from: z.enum(['agent', 'supervisor']), signal: z.record(z.string(), z.unknown()) }),
  /** The leg ended (stopped, replaced by another mode, or the call ended). */
  z.object({ type: z.literal('monitor.ended'), sessionId: z.string(), callId: z.string() }),
]);
export type AgentEvent = z.infer<typeof agentEventSchema>;
export type AgentEventType = AgentEvent['type'];
