/**
 * Meta's side of the world as the simulator holds it: business phone numbers with their call
 * settings, WhatsApp users with their scripted behaviour, pair ledgers, permission requests and
 * the chat lines a user's phone shows. Calls live in `call-registry.ts`.
 */
import type { PhoneMessage, SimBusinessNumber, SimUser, SimUserPatch } from '../shared/sim-api.ts';
import type { UserAudio } from './media/media-endpoint.ts';
import { notOnWhatsAppPrefix } from '../shared/demo-data.ts';
import type { PolicyTier } from '../shared/policy/profiles.ts';
import { Ledgers } from './ledger.ts';

/** A business phone number on the Cloud API. */
export interface BusinessNumber {
  phoneNumberId: string;
  /** Digits; used as `display_phone_number` and in call `from`/`to` like Meta does. */
  number: string;
  name: string;
  /** The policy tier: relaxed limits for Sandbox accounts and public test numbers. */
  profile: PolicyTier;
  /** The WhatsApp Business Account the number belongs to: the webhook `entry[].id`. */
  wabaId: string;
  /** `GET|POST /settings` `calling` object (reference §7); unknown keys kept as sent. */
  calling: { status: 'ENABLED' | 'DISABLED'; call_icon_visibility: string; callback_permission_status: string; [key: string]: unknown };
}

/** A WhatsApp user and how the script plays them when no phone page is attached. */
export interface UserConfig {
  waId: string;
  name: string;
  onCall: 'answer' | 'decline' | 'ignore';
  answerAfterMs: number;
  onPermissionRequest: 'accept' | 'accept_permanent' | 'decline' | 'ignore';
  audio: UserAudio;
}

/** A call permission request as the user's phone holds it. */
export interface PermissionRequest {
  /** The request message's wamid. */
  id: string;
  phoneNumberId: string;
  waId: string;
  body: string | null;
  via: 'free_form' | 'template';
  sentAt: number;
  repliedAt: number | null;
}

/** Any number outside the reserved range is on WhatsApp (reference §6, 138001). */
export function isOnWhatsApp(waId: string): boolean {
  return !waId.startsWith(notOnWhatsAppPrefix);
}

/** Which seeding this world comes from: a random id minted at each seed or reset, and when it happened. */
export interface WorldIdentity {
  id: string;
  /** Simulator clock, epoch ms. */
  seededAt: number;
}

/** The mutable world; `clear` empties it before a re-seed. */
export class World {
  identity: WorldIdentity = { id: '', seededAt: 0 };
  readonly businesses = new Map<string, BusinessNumber>();
  readonly users = new Map<string, UserConfig>();
  readonly ledgers = new Ledgers();
  readonly requests = new Map<string, PermissionRequest>();
  private readonly messages = new Map<string, PhoneMessage[]>();

  business(phoneNumberId: string): BusinessNumber | undefined {
    return this.businesses.get(phoneNumberId);
  }

  /** Any wa_id is a user, created on first use with the defaults (answer after 1 s, ignore requests, tone). */
  user(waId: string): UserConfig {
    let user = this.users.get(waId);
    if (!user) {
      // The real capture shows profile.name == the number for a user without a profile name.
      user = { waId, name: waId, onCall: 'answer', answerAfterMs: 1000, onPermissionRequest: 'ignore', audio: 'tone' };
      this.users.set(waId, user);
    }
    return user;
  }

  patchUser(waId: string, patch: SimUserPatch): UserConfig {
    const user = this.user(waId);
    if (patch.name !== undefined) user.name = patch.name;
    if (patch.on_call !== undefined) user.onCall = patch.on_call;
    if (patch.answer_after_ms !== undefined) user.answerAfterMs = patch.answer_after_ms;
    if (patch.on_permission_request !== undefined) user.onPermissionRequest = patch.on_permission_request;
    if (patch.audio !== undefined) user.audio = patch.audio;
    return user;
  }

  /** Adds a chat line to the user's phone (bounded to the latest 200). */
  addMessage(waId: string, message: PhoneMessage): void {
    const list = this.messages.get(waId) ?? [];
    list.push(message);
    if (list.length > 200) list.splice(0, list.length - 200);
    this.messages.set(waId, list);
  }

  messagesOf(waId: string): readonly PhoneMessage[] {
    return this.messages.get(waId) ?? [];
  }

  clear(): void {
    this.businesses.clear();
    this.users.clear();
    this.ledgers.clear();
    this.requests.clear();
    this.messages.clear();
  }
}

/** The control API's view of a business number. */
export function toSimBusinessNumber(b: BusinessNumber): SimBusinessNumber {
  return { phone_number_id: b.phoneNumberId, display_phone_number: b.number, name: b.name, profile: b.profile, calling_enabled: b.calling.status === 'ENABLED' };
}

/** The control API's view of a user. */
export function toSimUser(u: UserConfig, phoneAttached: boolean): SimUser {
  return {
    wa_id: u.waId, name: u.name, on_call: u.onCall, answer_after_ms: u.answerAfterMs, on_permission_request: u.onPermissionRequest,
    audio: u.audio, phone_attached: phoneAttached, on_whatsapp: isOnWhatsApp(u.waId),
  };
}
