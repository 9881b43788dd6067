/**
 * The simulator's world as JSON, for the state file (`SIMULATOR_STATE_FILE`): business numbers
 * with settings, restrictions and allow-lists, users with behaviours and ids, pair ledgers,
 * permission requests, phone messages, the world's identity, the clock offset, the policy profile
 * and the faults. Live calls are not kept: a restart ends them. Meta would send their terminate
 * webhooks, but the process that knew them is gone; the business finds out from its own timeouts.
 * Scripted replies still pending on the clock are lost too (the user can still answer by hand).
 */
import { z } from 'zod';
import { ledgerSchema } from '../shared/policy/ledger.ts';
import { policyProfileIdSchema, policyTierSchema } from '../shared/policy/profiles.ts';
import { onCallSchema, onPermissionRequestSchema, phoneMessageSchema, userAudioSchema } from '../shared/sim-api.ts';
import { simFaultsSchema } from '../shared/sim-api-faults.ts';
import type { World } from './world.ts';

const businessSchema = z.object({
  phone_number_id: z.string().min(1),
  number: z.string().min(1),
  name: z.string(),
  profile: policyTierSchema,
  waba_id: z.string().min(1),
  calling: z.object({ status: z.enum(['ENABLED', 'DISABLED']), call_icon_visibility: z.string(), callback_permission_status: z.string() }).loose(),
  restrictions: z.array(z.object({ type: z.string(), until: z.number().nullable() })),
  allow_list: z.array(z.string()),
});

const userSchema = z.object({
  wa_id: z.string().min(1),
  name: z.string(),
  on_call: onCallSchema,
  answer_after_ms: z.number().int().min(0),
  on_permission_request: onPermissionRequestSchema,
  audio: userAudioSchema,
  user_id: z.string().nullable(),
  username: z.string().nullable(),
  phone_hidden: z.boolean(),
  on_whatsapp: z.boolean(),
});

/** The state file's content (version 1). */
export const persistedStateSchema = z.object({
  format: z.literal('ringside-simulator-state'),
  version: z.literal(1),
  world: z.object({ id: z.string().min(1), seeded_at: z.number() }),
  clock: z.object({ offset_ms: z.number() }),
  policy: z.object({ profile: policyProfileIdSchema }),
  faults: simFaultsSchema,
  businesses: z.array(businessSchema),
  users: z.array(userSchema),
  ledgers: z.array(z.object({ phone_number_id: z.string(), wa_id: z.string(), entries: ledgerSchema })),
  requests: z.array(z.object({
    id: z.string(), phone_number_id: z.string(), wa_id: z.string(), body: z.string().nullable(), via: z.enum(['free_form', 'template']),
    sent_at: z.number(), replied_at: z.number().nullable(),
  })),
  messages: z.array(z.object({ wa_id: z.string(), messages: z.array(phoneMessageSchema) })),
});
export type PersistedState = z.infer<typeof persistedStateSchema>;

/** What the state file holds besides the world itself. */
export type StateExtras = Pick<PersistedState, 'clock' | 'policy' | 'faults'>;

/** The world and `extras` as the state file's JSON. */
export function captureState(world: World, extras: StateExtras): PersistedState {
  return {
    format: 'ringside-simulator-state',
    version: 1,
    world: { id: world.identity.id, seeded_at: world.identity.seededAt },
    ...extras,
    businesses: [...world.businesses.values()].map((b) => ({
      phone_number_id: b.phoneNumberId, number: b.number, name: b.name, profile: b.profile, waba_id: b.wabaId,
      calling: b.calling, restrictions: b.restrictions, allow_list: [...b.allowList],
    })),
    users: world.users.all().map((u) => ({
      wa_id: u.waId, name: u.name, on_call: u.onCall, answer_after_ms: u.answerAfterMs, on_permission_request: u.onPermissionRequest,
      audio: u.audio, user_id: u.userId, username: u.username, phone_hidden: u.phoneHidden, on_whatsapp: u.onWhatsApp,
    })),
    ledgers: [...world.ledgers.pairs()].map((p) => ({ phone_number_id: p.phoneNumberId, wa_id: p.waId, entries: [...p.entries] })),
    requests: [...world.requests.values()].map((r) => ({
      id: r.id, phone_number_id: r.phoneNumberId, wa_id: r.waId, body: r.body, via: r.via, sent_at: r.sentAt, replied_at: r.repliedAt,
    })),
    messages: [...world.allMessages()].map(([waId, messages]) => ({ wa_id: waId, messages: [...messages] })),
  };
}

/** Empties the world and fills it from the state file's JSON (no re-seed). */
export function restoreWorld(world: World, state: PersistedState): void {
  world.clear();
  world.identity = { id: state.world.id, seededAt: state.world.seeded_at };
  for (const b of state.businesses) {
    world.addBusiness({
      phoneNumberId: b.phone_number_id, number: b.number, name: b.name, profile: b.profile, wabaId: b.waba_id,
      calling: b.calling, restrictions: b.restrictions, allowList: new Set(b.allow_list),
    });
  }
  for (const u of state.users) {
    world.users.put({
      waId: u.wa_id, name: u.name, onCall: u.on_call, answerAfterMs: u.answer_after_ms, onPermissionRequest: u.on_permission_request,
      audio: u.audio, userId: u.user_id, username: u.username, phoneHidden: u.phone_hidden, onWhatsApp: u.on_whatsapp,
    });
  }
  for (const pair of state.ledgers) for (const entry of pair.entries) world.ledgers.append(pair.phone_number_id, pair.wa_id, entry);
  for (const r of state.requests) {
    world.addRequest({ id: r.id, phoneNumberId: r.phone_number_id, waId: r.wa_id, body: r.body, via: r.via, sentAt: r.sent_at, repliedAt: r.replied_at });
  }
  for (const { wa_id: waId, messages } of state.messages) for (const message of messages) world.addMessage(waId, message);
}
