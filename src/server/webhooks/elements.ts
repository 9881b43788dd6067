/**
 * Turns one verified delivery into the elements it carries, each read on its own: every
 * `calls[]`, `statuses[]`, `messages[]` and `contacts[]` element, and each `account_update` or
 * `account_settings_update` change. An element we cannot read, or one for a phone number this
 * deployment does not serve, is kept (with a note) and never drops its neighbours. Each element
 * gets a key that is the same however often Meta delivers it, and a subject: the lock it is
 * applied under.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { customerIdSchema } from '../../shared/customer-id.ts';
import {
  accountSettingsUpdateValueSchema, accountUpdateValueSchema, webhookCallSchema, webhookContactSchema, webhookMessageSchema,
  webhookStatusSchema,
} from '../../shared/meta-api.ts';
import { callSubject, numberSubject, pairSubject } from '../db/locks.ts';

/** Who an element is about, as Meta named them (phone first, business-scoped id, profile). */
export const customerRefSchema = z.object({
  waId: z.string().nullable(),
  userId: z.string().nullable(),
  name: z.string().nullable(),
  username: z.string().nullable(),
});
export type CustomerRef = z.infer<typeof customerRefSchema>;

export const storedEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call'), phoneNumberId: z.string(), customer: customerRefSchema, call: webhookCallSchema, valueErrors: z.array(z.object({ code: z.number(), message: z.string().optional() }).loose()) }),
  z.object({ type: z.literal('status'), phoneNumberId: z.string(), customer: customerRefSchema, status: webhookStatusSchema }),
  z.object({ type: z.literal('message'), phoneNumberId: z.string(), customer: customerRefSchema, message: webhookMessageSchema }),
  z.object({ type: z.literal('account_update'), wabaId: z.string(), value: accountUpdateValueSchema }),
  z.object({ type: z.literal('account_settings_update'), wabaId: z.string(), value: accountSettingsUpdateValueSchema }),
  /** Kept for the record only: unreadable, for another number, or a kind we do not act on. */
  z.object({ type: z.literal('kept'), field: z.string(), element: z.unknown() }),
]);
export type StoredEvent = z.infer<typeof storedEventSchema>;

export interface Element {
  key: string;
  subject: string;
  kind: string;
  occurredAt: Date;
  event: StoredEvent;
  /** Set for elements kept without anything to apply. */
  note: string | null;
}

/** Meta's timestamps are Unix seconds; anything outside 2001–2096 is not a real event time. */
const saneSeconds = (s: number) => Number.isFinite(s) && s >= 1e9 && s <= 4e9;
/** Meta's ids are ~100 characters; a megabyte-long "id" is an attack or a bug. */
const maxIdLength = 1024;
const okId = (id: string) => id.length > 0 && id.length <= maxIdLength;
const okCustomer = (id: string | null | undefined): id is string => !!id && customerIdSchema.safeParse(id).success;
const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value) ?? 'undefined').digest('hex').slice(0, 32);
const at = (seconds: number) => new Date(seconds * 1000);

function kept(field: string, element: unknown, note: string, kind = `invalid.${field}`): Element {
  return { key: `kept:${hash([field, element])}`, subject: 'none', kind, occurredAt: new Date(), event: { type: 'kept', field, element }, note };
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** `contacts[]`: profiles by wa_id and by business-scoped id; a bad entry is skipped, not fatal. */
function profiles(value: Record<string, unknown>, notes: Element[]) {
  const byId = new Map<string, { waId: string | null; userId: string | null; name: string | null; username: string | null }>();
  for (const raw of list(value.contacts)) {
    const c = webhookContactSchema.safeParse(raw);
    if (!c.success || (!c.data.wa_id && !c.data.user_id)) {
      notes.push(kept('contacts', raw, 'A contacts[] entry without a readable wa_id or user_id'));
      continue;
    }
    const p = { waId: c.data.wa_id ?? null, userId: c.data.user_id ?? null, name: c.data.profile?.name ?? null, username: c.data.profile?.username ?? null };
    if (p.waId) byId.set(p.waId, p);
    if (p.userId) byId.set(p.userId, p);
  }
  return byId;
}

function customerRef(waId: string | undefined, userId: string | undefined, byId: ReturnType<typeof profiles>): CustomerRef | null {
  const phone = okCustomer(waId) ? waId : null;
  const bsuid = okCustomer(userId) ? userId : null;
  if (!phone && !bsuid) return null;
  const profile = (phone && byId.get(phone)) || (bsuid && byId.get(bsuid)) || null;
  return { waId: phone ?? profile?.waId ?? null, userId: bsuid ?? profile?.userId ?? null, name: profile?.name ?? null, username: profile?.username ?? null };
}

function callsChange(value: Record<string, unknown>, phoneNumberId: string, out: Element[]) {
  const byId = profiles(value, out);
  const valueErrors = list(value.errors).filter(isRecord).filter((e) => typeof e.code === 'number') as Array<{ code: number; message?: string }>;
  for (const raw of list(value.calls)) {
    const parsed = webhookCallSchema.safeParse(raw);
    if (!parsed.success) { out.push(kept('calls', raw, `Unreadable calls[] element: ${parsed.error.issues[0]?.message}`)); continue; }
    const call = parsed.data;
    const business = call.direction === 'BUSINESS_INITIATED';
    const customer = business ? customerRef(call.to, call.to_user_id, byId) : customerRef(call.from, call.from_user_id, byId);
    if (!okId(call.id) || !saneSeconds(call.timestamp) || !customer) {
      out.push(kept('calls', raw, !customer ? 'A calls[] element naming no readable customer' : 'A calls[] element with an impossible id or timestamp'));
      continue;
    }
    out.push({
      key: `call:${call.id}:${call.event}`, subject: callSubject(call.id), kind: `call.${call.event}`, occurredAt: at(call.timestamp),
      event: { type: 'call', phoneNumberId, customer, call, valueErrors }, note: null,
    });
  }
  for (const raw of list(value.statuses)) {
    const parsed = webhookStatusSchema.safeParse(raw);
    if (!parsed.success) { out.push(kept('statuses', raw, `Unreadable statuses[] element: ${parsed.error.issues[0]?.message}`)); continue; }
    const status = parsed.data;
    const customer = customerRef(status.recipient_id, status.recipient_user_id, byId);
    if (!okId(status.id) || !saneSeconds(status.timestamp) || !customer) {
      out.push(kept('statuses', raw, 'A statuses[] element with an impossible id, timestamp or recipient'));
      continue;
    }
    out.push({
      key: `call:${status.id}:status:${status.status}`, subject: callSubject(status.id), kind: `status.${status.status}`, occurredAt: at(status.timestamp),
      event: { type: 'status', phoneNumberId, customer, status }, note: null,
    });
  }
}

function messagesChange(value: Record<string, unknown>, phoneNumberId: string, out: Element[]) {
  const byId = profiles(value, out);
  for (const raw of list(value.messages)) {
    const parsed = webhookMessageSchema.safeParse(raw);
    if (!parsed.success) { out.push(kept('messages', raw, `Unreadable messages[] element: ${parsed.error.issues[0]?.message}`)); continue; }
    const message = parsed.data;
    const customer = customerRef(message.from, message.from_user_id, byId);
    if (!okId(message.id) || !saneSeconds(message.timestamp) || !customer) {
      out.push(kept('messages', raw, 'A messages[] element with an impossible id, timestamp or sender'));
      continue;
    }
    out.push({
      key: `message:${message.id}`, subject: pairSubject(phoneNumberId, customer.waId ?? customer.userId!), kind: `message.${message.interactive?.type ?? message.type ?? 'unknown'}`,
      occurredAt: at(message.timestamp), event: { type: 'message', phoneNumberId, customer, message }, note: null,
    });
  }
  // Status updates of the messages we sent (sent, delivered, read): kept, nothing to apply.
  for (const raw of list(value.statuses)) out.push(kept('messages', raw, 'A message status: kept, not acted on', 'message_status'));
}

/**
 * Elements of one envelope. `served` tells which phone_number_ids this deployment serves; events
 * for other numbers are kept and logged, never rung.
 */
export function extractElements(envelope: { entry?: unknown }, served: ReadonlySet<string>): Element[] {
  const out: Element[] = [];
  for (const entry of list(envelope.entry)) {
    if (!isRecord(entry) || !Array.isArray(entry.changes)) { out.push(kept('entry', entry, 'An entry without changes[]')); continue; }
    const wabaId = typeof entry.id === 'string' ? entry.id : '';
    for (const change of entry.changes) {
      const field = isRecord(change) && typeof change.field === 'string' ? change.field : '?';
      const value = isRecord(change) && isRecord(change.value) ? change.value : null;
      if (!value) { out.push(kept(field, change, 'A change without a value')); continue; }
      if (field === 'account_update' || field === 'account_settings_update') { out.push(accountChange(field, wabaId, value, served)); continue; }
      if (field !== 'calls' && field !== 'messages') { out.push(kept(field, value, `A "${field}" change: kept, not acted on`, `unknown.${field}`)); continue; }
      const metadata = isRecord(value.metadata) ? value.metadata : {};
      const phoneNumberId = typeof metadata.phone_number_id === 'string' ? metadata.phone_number_id : null;
      if (!phoneNumberId || value.messaging_product !== 'whatsapp') { out.push(kept(field, value, 'A change without messaging_product "whatsapp" and a phone_number_id')); continue; }
      const elements: Element[] = [];
      if (field === 'calls') callsChange(value, phoneNumberId, elements);
      else messagesChange(value, phoneNumberId, elements);
      for (const e of elements) {
        if (e.subject !== 'none' && !served.has(phoneNumberId)) {
          out.push({ ...kept(field, e.event, `For phone number ${phoneNumberId}, which this deployment does not serve`, `foreign.${e.kind}`) });
        } else out.push(e);
      }
    }
  }
  return out;
}

function accountChange(field: 'account_update' | 'account_settings_update', wabaId: string, value: Record<string, unknown>, served: ReadonlySet<string>): Element {
  if (field === 'account_update') {
    const parsed = accountUpdateValueSchema.safeParse(value);
    if (!parsed.success) return kept(field, value, `Unreadable account_update: ${parsed.error.issues[0]?.message}`);
    return { key: `account:${hash([wabaId, value])}`, subject: numberSubject(parsed.data.phone_number ?? wabaId), kind: `account_update.${parsed.data.event}`, occurredAt: new Date(), event: { type: 'account_update', wabaId, value: parsed.data }, note: null };
  }
  const parsed = accountSettingsUpdateValueSchema.safeParse(value);
  if (!parsed.success) return kept(field, value, `Unreadable account_settings_update: ${parsed.error.issues[0]?.message}`);
  const id = parsed.data.phone_number_settings.phone_number_id;
  if (!served.has(id)) return kept(field, value, `For phone number ${id}, which this deployment does not serve`, `foreign.${field}`);
  const when = parsed.data.timestamp !== undefined && saneSeconds(parsed.data.timestamp) ? at(parsed.data.timestamp) : new Date();
  return { key: `settings:${hash([wabaId, value])}`, subject: numberSubject(id), kind: field, occurredAt: when, event: { type: 'account_settings_update', wabaId, value: parsed.data }, note: null };
}
