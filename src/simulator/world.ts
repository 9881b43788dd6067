/**
 * Meta's side of the world as the simulator holds it: business phone numbers with their call
 * settings, restrictions and allow-lists, WhatsApp users (`world-users.ts`), pair ledgers,
 * permission requests and the chat lines a user's phone shows. Calls live in `call-registry.ts`.
 * Every change goes through a method here, which tells `onChange` (the state file's writer).
 */
import type { PhoneMessage, SimBusinessNumber, SimUserPatch } from '../shared/sim-api.ts';
import type { PolicyTier } from '../shared/policy/profiles.ts';
import { Ledgers } from './ledger.ts';
import { inNotOnWhatsAppRange, Users, type UserConfig } from './world-users.ts';

/** `GET|POST /settings` `calling` object (reference §7); keys we do not model are kept as sent. */
export interface CallingSettings {
  status: 'ENABLED' | 'DISABLED';
  call_icon_visibility: string;
  callback_permission_status: string;
  sip?: { status?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** A restriction WhatsApp put on a number (`account_update` ACCOUNT_RESTRICTION, reference §5). */
export interface Restriction {
  type: string;
  /** Simulator clock, epoch ms; null = no expiry. */
  until: number | null;
}

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
  calling: CallingSettings;
  restrictions: Restriction[];
  /** Sandbox numbers only: the wa_ids they may call or ask for permission (131030 otherwise). */
  allowList: Set<string>;
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

/** Which seeding this world comes from: a random id minted at each seed or reset, and when it happened. */
export interface WorldIdentity {
  id: string;
  /** Simulator clock, epoch ms. */
  seededAt: number;
}

/** The restrictions still in force at `now`. */
export function restrictionsInForce(business: BusinessNumber, now: number): Restriction[] {
  return business.restrictions.filter((r) => r.until === null || r.until > now);
}

/** The number takes calls over SIP: Graph `/calls` answers 131055 and no `calls` webhooks go out (reference §1). */
export function usesSip(business: BusinessNumber): boolean {
  return business.calling.sip?.status === 'ENABLED';
}

/** The mutable world; `clear` empties it before a re-seed. */
export class World {
  identity: WorldIdentity = { id: '', seededAt: 0 };
  readonly businesses = new Map<string, BusinessNumber>();
  readonly users = new Users(() => this.changed());
  readonly ledgers = new Ledgers(() => this.changed());
  readonly requests = new Map<string, PermissionRequest>();
  private readonly messages = new Map<string, PhoneMessage[]>();

  constructor(private readonly onChange: () => void = () => {}) {}

  /** Tells the state file's writer that something changed. */
  changed(): void {
    this.onChange();
  }

  business(phoneNumberId: string): BusinessNumber | undefined {
    return this.businesses.get(phoneNumberId);
  }

  addBusiness(business: BusinessNumber): void {
    this.businesses.set(business.phoneNumberId, business);
    this.changed();
  }

  /** Merges a settings patch (undefined keys ignored); returns the keys whose value changed. */
  updateCalling(business: BusinessNumber, patch: Record<string, unknown>): string[] {
    const changed = Object.entries(patch)
      .filter(([key, value]) => value !== undefined && JSON.stringify(business.calling[key]) !== JSON.stringify(value))
      .map(([key]) => key);
    for (const key of changed) business.calling[key] = patch[key];
    if (changed.length > 0) this.changed();
    return changed;
  }

  /** Adds a restriction (replacing one of the same type) and forgets the expired ones. */
  restrict(business: BusinessNumber, restriction: Restriction, now: number): void {
    business.restrictions = [...restrictionsInForce(business, now).filter((r) => r.type !== restriction.type), restriction];
    this.changed();
  }

  liftRestrictions(business: BusinessNumber): void {
    business.restrictions = [];
    this.changed();
  }

  setAllowList(business: BusinessNumber, waIds: Iterable<string>): void {
    business.allowList = new Set(waIds);
    this.changed();
  }

  /** Any wa_id is a user, created on first use with the defaults (answer after 1 s, ignore requests, tone). */
  user(waId: string): UserConfig {
    return this.users.get(waId);
  }

  patchUser(waId: string, patch: SimUserPatch): UserConfig {
    return this.users.patch(waId, patch);
  }

  /** Not on WhatsApp: the reserved range, or a user switched off (138001). */
  isOnWhatsApp(waId: string): boolean {
    return this.users.find(waId)?.onWhatsApp ?? !inNotOnWhatsAppRange(waId);
  }

  addRequest(request: PermissionRequest): void {
    this.requests.set(request.id, request);
    this.changed();
  }

  markReplied(request: PermissionRequest, at: number): void {
    request.repliedAt = at;
    this.changed();
  }

  /** Adds a chat line to the user's phone (bounded to the latest 200). */
  addMessage(waId: string, message: PhoneMessage): void {
    const list = this.messages.get(waId) ?? [];
    list.push(message);
    if (list.length > 200) list.splice(0, list.length - 200);
    this.messages.set(waId, list);
    this.changed();
  }

  messagesOf(waId: string): readonly PhoneMessage[] {
    return this.messages.get(waId) ?? [];
  }

  /** Every user's chat lines, for the state file. */
  allMessages(): ReadonlyMap<string, readonly PhoneMessage[]> {
    return this.messages;
  }

  clear(): void {
    this.businesses.clear();
    this.users.clear();
    this.ledgers.clear();
    this.requests.clear();
    this.messages.clear();
    this.changed();
  }
}

/** The control API's view of a business number. */
export function toSimBusinessNumber(b: BusinessNumber): SimBusinessNumber {
  return { phone_number_id: b.phoneNumberId, display_phone_number: b.number, name: b.name, profile: b.profile, calling_enabled: b.calling.status === 'ENABLED' };
}
