/**
 * The database schema, shared by PGlite (embedded default) and PostgreSQL (DATABASE_URL).
 * Only PostgreSQL 15 features: PGlite is 18, Debian's server is 15 (stack.md §4).
 */
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const users = pgTable('users', {
  id: text('id').primaryKey().default(sql`gen_random_uuid()::text`),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role', { enum: ['agent', 'supervisor', 'trainer'] }).notNull(),
  passwordHash: text('password_hash').notNull(),
  presence: text('presence', { enum: ['available', 'away'] }).notNull().default('available'),
  /** Last heartbeat of an open push channel; null when no channel is open. */
  seenAt: ts('seen_at'),
});

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
  waId: text('wa_id').primaryKey(),
  name: text('name').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

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
  at: ts('at').notNull(),
  entry: jsonb('entry').notNull(),
}, (t) => [primaryKey({ columns: [t.businessNumberId, t.waId, t.entryId] })]);

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
  agentId: text('agent_id'),
  /** Agents a user-initiated call rings; the first to accept claims it. */
  ringAgentIds: text('ring_agent_ids').array().notNull().default(sql`'{}'::text[]`),
  preAcceptAgentId: text('pre_accept_agent_id'),
  preAcceptSdp: text('pre_accept_sdp'),
  offerSdp: text('offer_sdp'),
  startedAt: ts('started_at').notNull(),
  answeredAt: ts('answered_at'),
  endedAt: ts('ended_at'),
  durationSeconds: integer('duration_seconds'),
  outcome: text('outcome', { enum: ['completed', 'declined', 'missed', 'failed', 'taken', 'cancelled'] }),
  endMessage: text('end_message'),
  errorCode: integer('error_code'),
}, (t) => [index('calls_started_at').on(t.startedAt)]);

/** Every webhook delivery, raw and parsed, stored before it is acted on. */
export const webhookDeliveries = pgTable('webhook_deliveries', {
  id: serial('id').primaryKey(),
  bodySha256: text('body_sha256').notNull(),
  rawBody: text('raw_body').notNull(),
  parsed: jsonb('parsed'),
  duplicate: boolean('duplicate').notNull().default(false),
  receivedAt: ts('received_at').notNull().defaultNow(),
}, (t) => [index('webhook_deliveries_sha').on(t.bodySha256)]);

/**
 * One row per distinct Meta event (a call's connect, a status, a terminate, a message).
 * `eventKey` makes Meta's retries and duplicates idempotent; `applied` is false for events about
 * calls we do not know yet (kept, and applied when the call appears).
 */
export const webhookEvents = pgTable('webhook_events', {
  id: serial('id').primaryKey(),
  eventKey: text('event_key').notNull(),
  subject: text('subject').notNull(), // call id or wa_id
  kind: text('kind').notNull(),
  deliveryId: integer('delivery_id').notNull(),
  occurredAt: ts('occurred_at').notNull(),
  payload: jsonb('payload').notNull(),
  applied: boolean('applied').notNull().default(false),
}, (t) => [uniqueIndex('webhook_events_key').on(t.eventKey), index('webhook_events_subject').on(t.subject)]);
