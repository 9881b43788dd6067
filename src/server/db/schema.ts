/**
 * The database schema, shared by PGlite (embedded default) and PostgreSQL (DATABASE_URL).
 * Only PostgreSQL 15 features: PGlite is 18, Debian's server is 15 (stack.md §4).
 */
import { sql } from 'drizzle-orm';
import { bigserial, boolean, customType, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { CallFact } from '../../shared/call-facts.ts';
import type { CallQuality } from '../../shared/call-quality.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
/** Raw bytes (a webhook body exactly as Meta signed it, whatever it contains). */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

export const users = pgTable('users', {
  id: text('id').primaryKey().default(sql`gen_random_uuid()::text`),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role', { enum: ['agent', 'supervisor', 'trainer'] }).notNull(),
  passwordHash: text('password_hash').notNull(),
  presence: text('presence', { enum: ['available', 'away'] }).notNull().default('available'),
  /** Why away (break, lunch, training, other); null while available. */
  awayReason: text('away_reason', { enum: ['break', 'lunch', 'training', 'other'] }),
  /** When `presence` last changed (this machine's clock). */
  presenceSince: ts('presence_since').notNull().defaultNow(),
  /** End of after-call work (this machine's clock); null when none is running. */
  wrapUpUntil: ts('wrap_up_until'),
});

/**
 * One row per open push channel (an agent's tab), on any instance: presence is per connection. A
 * row heartbeats `seen_at` while open and gets `closed_at` when it closes; rows of a crashed
 * instance simply stop heartbeating.
 */
export const agentStreams = pgTable('agent_streams', {
  id: text('id').primaryKey(),
  userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  instanceId: text('instance_id').notNull(),
  openedAt: ts('opened_at').notNull(),
  seenAt: ts('seen_at').notNull(),
  closedAt: ts('closed_at'),
}, (t) => [index('agent_streams_user').on(t.userId)]);

export const sessions = pgTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: ts('expires_at').notNull(),
});

export const businessNumbers = pgTable('business_numbers', {
  id: text('id').primaryKey(), // Meta's phone_number_id
  displayNumber: text('display_number').notNull(), // digits, wa_id form
  label: text('label').notNull(),
  profile: text('profile', { enum: ['production', 'sandbox'] }).notNull(),
});

export const contacts = pgTable('contacts', {
  /** The customer's wa_id, or their business-scoped user id when WhatsApp never told us the number. */
  waId: text('wa_id').primaryKey(),
  name: text('name').notNull(),
  /** The business-scoped user id (2026), when WhatsApp sent one. */
  userId: text('user_id'),
  /** The customer's WhatsApp username (2026), when WhatsApp sent one. */
  username: text('username'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('contacts_user_id').on(t.userId),
  // The list's keyset pages (server/policy/contact-pages.ts).
  index('contacts_by_name').on(t.name, t.waId),
]);

/**
 * The policy ledger of a (business number, WhatsApp user) pair: permission requests and replies,
 * connected and unanswered calls (shared/policy/ledger.ts). Append-only; `entryId` (a wamid or
 * wacid) makes Meta's duplicate and reordered webhooks idempotent.
 */
export const ledgerEntries = pgTable('ledger_entries', {
  businessNumberId: text('business_number_id').notNull(),
  waId: text('wa_id').notNull(),
  entryId: text('entry_id').notNull(),
  type: text('type').notNull(),
  /** The entry's direction (calls) or response (replies): what the bounded reads pick by (`ledgerDetail`). */
  detail: text('detail'),
  at: ts('at').notNull(),
  entry: jsonb('entry').notNull(),
}, (t) => [
  primaryKey({ columns: [t.businessNumberId, t.waId, t.entryId] }),
  // Bounded reads (shared/policy/ledger-bounds.ts): the recent window, and the latest fact of a kind.
  index('ledger_pair_at').on(t.businessNumberId, t.waId, t.at),
  index('ledger_pair_kind_at').on(t.businessNumberId, t.waId, t.type, t.detail, t.at),
]);

/** Meta's last `call_permissions` answer for a pair (authoritative in Meta mode). */
export const metaPermissionSnapshots = pgTable('meta_permission_snapshots', {
  businessNumberId: text('business_number_id').notNull(),
  waId: text('wa_id').notNull(),
  fetchedAt: ts('fetched_at').notNull(),
  body: jsonb('body').notNull(),
}, (t) => [primaryKey({ columns: [t.businessNumberId, t.waId] })]);

/**
 * WhatsApp's latest Graph refusal per pair and action (138006, 138009, 138012, 138013, 138014,
 * 138017): a fact that decides until a newer one supersedes it (shared/policy/meta-facts.ts).
 */
export const metaRefusals = pgTable('meta_refusals', {
  businessNumberId: text('business_number_id').notNull(),
  waId: text('wa_id').notNull(),
  action: text('action', { enum: ['call', 'request'] }).notNull(),
  code: integer('code').notNull(),
  message: text('message').notNull(),
  at: ts('at').notNull(),
}, (t) => [primaryKey({ columns: [t.businessNumberId, t.waId, t.action] })]);

/**
 * WhatsApp's warnings (`ACCOUNT_VIOLATION`) and restrictions (`ACCOUNT_RESTRICTION`) on a business
 * number, from `account_update` webhooks; one row per number, kind and type, the latest delivery wins.
 */
export const numberNotices = pgTable('number_notices', {
  businessNumberId: text('business_number_id').notNull(),
  kind: text('kind', { enum: ['warning', 'restriction'] }).notNull(),
  type: text('type').notNull(),
  /** When a restriction ends; null when WhatsApp gave no expiry (and for warnings). */
  until: ts('until'),
  /** When WhatsApp told us (the delivery). */
  at: ts('at').notNull(),
}, (t) => [primaryKey({ columns: [t.businessNumberId, t.kind, t.type] })]);

/** A number's calling settings from `account_settings_update` (status, call icon, callback permission). */
export const numberSettings = pgTable('number_settings', {
  businessNumberId: text('business_number_id').primaryKey(),
  calling: jsonb('calling').notNull(),
  at: ts('at').notNull(),
});

export const calls = pgTable('calls', {
  id: text('id').primaryKey(), // Meta's wacid
  direction: text('direction', { enum: ['business_initiated', 'user_initiated'] }).notNull(),
  businessNumberId: text('business_number_id').notNull(),
  waId: text('wa_id').notNull(),
  status: text('status', { enum: ['dialing', 'connecting', 'ringing', 'accepting', 'active', 'ended'] }).notNull(),
  /** Everything Meta told us and we did at Meta about this call (shared/call-facts.ts); the columns below derive from it. */
  facts: jsonb('facts').$type<CallFact[]>().notNull().default(sql`'[]'::jsonb`),
  agentId: text('agent_id'),
  /** Agents a user-initiated call rings; the first to accept claims it. */
  ringAgentIds: text('ring_agent_ids').array().notNull().default(sql`'{}'::text[]`),
  /** Agents who declined it ("Not me"): it is offered to others (RING_AT_ONCE at a time), never to them again. */
  declinedAgentIds: text('declined_agent_ids').array().notNull().default(sql`'{}'::text[]`),
  preAcceptAgentId: text('pre_accept_agent_id'),
  preAcceptSdp: text('pre_accept_sdp'),
  offerSdp: text('offer_sdp'),
  startedAt: ts('started_at').notNull(),
  answeredAt: ts('answered_at'),
  endedAt: ts('ended_at'),
  durationSeconds: integer('duration_seconds'),
  outcome: text('outcome', { enum: ['completed', 'declined', 'rejected', 'missed', 'cancelled', 'failed', 'dropped', 'taken'] }),
  endMessage: text('end_message'),
  errorCode: integer('error_code'),
  /** Why Ringside ended it without Meta's terminate (no holder, ring timeout…), when it did. */
  localReason: text('local_reason'),
  /** Call quality the agent's browser measured (`getStats`): last sample, worst, running average. */
  quality: jsonb('quality').$type<CallQuality>(),
  /** `cta_payload` / `deeplink_payload` WhatsApp sent with a user-initiated call (reference §9). */
  context: jsonb('context').$type<{ ctaPayload?: string; deeplinkPayload?: string }>(),
  /** The agent's after-call disposition (one of DISPOSITIONS) and free-text notes, when saved. */
  disposition: text('disposition'),
  notes: text('notes'),
  dispositionAt: ts('disposition_at'),
}, (t) => [
  index('calls_started_at').on(t.startedAt),
  index('calls_live').on(t.businessNumberId, t.status).where(sql`status <> 'ended'`),
  index('calls_pair').on(t.businessNumberId, t.waId),
  // History pages (server/calls/call-pages.ts): newest first, keyset on (started_at, id).
  index('calls_by_agent').on(t.agentId, t.startedAt, t.id),
]);

/**
 * Every verified webhook delivery, its raw bytes kept for audit exactly as Meta signed them (bytea
 * accepts NULs and broken UTF-8 that text and jsonb refuse), stored before it is acted on and
 * purged after WEBHOOK_RETENTION_DAYS. What was applied lives on in `webhook_events` and the ledger.
 */
export const webhookDeliveries = pgTable('webhook_deliveries', {
  id: serial('id').primaryKey(),
  bodySha256: text('body_sha256').notNull(),
  raw: bytea('raw').notNull(),
  /** `accepted`, or why not (`malformed: …`). */
  verdict: text('verdict').notNull().default('accepted'),
  /** How many times these exact bytes arrived (Meta retries a delivery it thinks we missed). */
  copies: integer('copies').notNull().default(1),
  receivedAt: ts('received_at').notNull().defaultNow(),
  lastReceivedAt: ts('last_received_at').notNull().defaultNow(),
}, (t) => [uniqueIndex('webhook_deliveries_sha').on(t.bodySha256), index('webhook_deliveries_received').on(t.receivedAt)]);

/**
 * One row per distinct element of Meta's deliveries (a call's connect, a status, a terminate, a
 * message, an account update, or an element we could not read). `eventKey` makes Meta's retries
 * and duplicates idempotent. Events are applied off the request path, one subject (a call, a pair,
 * a number) at a time; `applied` stays false while an event waits for its call to be known.
 */
export const webhookEvents = pgTable('webhook_events', {
  id: serial('id').primaryKey(),
  eventKey: text('event_key').notNull(),
  /** What the event is about, and the lock it is applied under: `call:<id>`, `pair:<number>:<customer>`, `number:<id>`. */
  subject: text('subject').notNull(),
  kind: text('kind').notNull(),
  deliveryId: integer('delivery_id').notNull(),
  occurredAt: ts('occurred_at').notNull(),
  payload: jsonb('payload').notNull(),
  applied: boolean('applied').notNull().default(false),
  /** Why the element was kept without being applied (unreadable, a number we do not serve…), or the last failure. */
  note: text('note'),
  /** Failed attempts to apply it; after a few it is set aside (applied, with the failure as note). */
  attempts: integer('attempts').notNull().default(0),
  receivedAt: ts('received_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('webhook_events_key').on(t.eventKey),
  index('webhook_events_subject').on(t.subject),
  index('webhook_events_pending').on(t.id).where(sql`not applied`),
]);

/**
 * The outbox of agent events: written in the transaction that causes them, so an event exists if
 * and only if its change committed. NOTIFY carries only the id; every instance reads the row.
 */
export const agentEvents = pgTable('agent_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  audience: jsonb('audience').notNull(),
  event: jsonb('event').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [index('agent_events_created').on(t.createdAt)]);

/** Small facts a deployment keeps about itself (e.g. which simulator world its demo data follows). */
export const appSettings = pgTable('app_settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
});

/**
 * The classroom timeline: every Graph request sent and webhook received, with its plain-language
 * caption and JSON (server/training/timeline.ts). Bounded: the oldest rows are trimmed.
 */
export const trainingTimeline = pgTable('training_timeline', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: ts('at').notNull(),
  direction: text('direction').notNull(),
  kind: text('kind').notNull(),
  callId: text('call_id'),
  waId: text('wa_id'),
  businessNumberId: text('business_number_id'),
  caption: text('caption').notNull(),
  json: jsonb('json'),
  /** A webhook element's key: its line is written when it arrives and re-captioned once applied. */
  eventKey: text('event_key'),
}, (t) => [index('training_timeline_event').on(t.eventKey)]);

/**
 * The audit log of monitoring: one row per leg a supervisor opened on a call (who, which call,
 * when, which mode). A row with no `endedAt` is a leg in progress.
 */
export const monitorSessions = pgTable('monitor_sessions', {
  id: text('id').primaryKey().default(sql`gen_random_uuid()::text`),
  callId: text('call_id').notNull(),
  supervisorId: text('supervisor_id').notNull(),
  agentId: text('agent_id').notNull(),
  mode: text('mode', { enum: ['listen', 'whisper', 'barge'] }).notNull(),
  startedAt: ts('started_at').notNull(),
  endedAt: ts('ended_at'),
  /** stopped, replaced (another mode), call_ended. */
  endReason: text('end_reason'),
}, (t) => [
  index('monitor_sessions_call').on(t.callId),
  index('monitor_sessions_open').on(t.callId).where(sql`ended_at is null`),
]);
