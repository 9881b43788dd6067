/**
 * The simulated WhatsApp users: how each one's script behaves when no phone page is open, and who
 * they are to a business (2026, reference §1.1): a business-scoped user id (BSUID), a username,
 * and whether they hide their phone number (then webhooks name them by the BSUID only).
 */
import { notOnWhatsAppPrefix } from '../shared/demo-data.ts';
import type { SimUser, SimUserPatch } from '../shared/sim-api.ts';
import { ControlError } from './control-errors.ts';
import type { UserAudio } from './media/media-endpoint.ts';

/** What the user does when a business calls: pick up, decline, let it ring, or be busy (ends at once). */
export type OnCall = SimUser['on_call'];

/** A WhatsApp user and how the script plays them when no phone page is attached. */
export interface UserConfig {
  waId: string;
  name: string;
  onCall: OnCall;
  answerAfterMs: number;
  onPermissionRequest: 'accept' | 'accept_permanent' | 'decline' | 'ignore';
  audio: UserAudio;
  /** Business-scoped user id (e.g. `US.13491208655302741918`), or null before the user has one. */
  userId: string | null;
  username: string | null;
  /** The user hides their number: webhooks omit the phone fields and carry `*_user_id` only. */
  phoneHidden: boolean;
  /** The "not on WhatsApp" switch (138001); the reserved range is never on WhatsApp. */
  onWhatsApp: boolean;
}

/** Ofcom's drama range (+44 7700 900xxx): never a WhatsApp user (reference §6, 138001). */
export function inNotOnWhatsAppRange(waId: string): boolean {
  return waId.startsWith(notOnWhatsAppPrefix);
}

/**
 * What ids Meta mints about the user may encode: real wacids and wamids carry the user's number
 * (reference §1.1), which a user who hides it would not want decoded; theirs carry the BSUID.
 */
export function idSubject(user: UserConfig): string {
  return user.phoneHidden && user.userId !== null ? user.userId : user.waId;
}

/** A new user with the defaults: answers after 1 s, ignores requests, plays a tone. */
export function defaultUser(waId: string): UserConfig {
  // The real capture shows profile.name == the number for a user without a profile name.
  return {
    waId, name: waId, onCall: 'answer', answerAfterMs: 1000, onPermissionRequest: 'ignore', audio: 'tone',
    userId: null, username: null, phoneHidden: false, onWhatsApp: !inNotOnWhatsAppRange(waId),
  };
}

/** The users by wa_id, with an index by BSUID. `changed` is told about every change. */
export class Users {
  private readonly byWaId = new Map<string, UserConfig>();
  private readonly waIdByBsuid = new Map<string, string>();

  constructor(private readonly changed: () => void) {}

  /** Any wa_id is a user: created with the defaults on first use. */
  get(waId: string): UserConfig {
    const found = this.byWaId.get(waId);
    if (found) return found;
    const user = defaultUser(waId);
    this.byWaId.set(waId, user);
    this.changed();
    return user;
  }

  find(waId: string): UserConfig | undefined {
    return this.byWaId.get(waId);
  }

  /** The user with this business-scoped user id, if any. */
  byBsuid(userId: string): UserConfig | undefined {
    const waId = this.waIdByBsuid.get(userId);
    return waId === undefined ? undefined : this.byWaId.get(waId);
  }

  all(): UserConfig[] {
    return [...this.byWaId.values()];
  }

  /** Applies a control API patch (creating the user), or throws a ControlError and changes nothing. */
  patch(waId: string, patch: SimUserPatch): UserConfig {
    const user = this.find(waId) ?? defaultUser(waId);
    const next: UserConfig = { ...user };
    if (patch.name !== undefined) next.name = patch.name;
    if (patch.on_call !== undefined) next.onCall = patch.on_call;
    if (patch.answer_after_ms !== undefined) next.answerAfterMs = patch.answer_after_ms;
    if (patch.on_permission_request !== undefined) next.onPermissionRequest = patch.on_permission_request;
    if (patch.audio !== undefined) next.audio = patch.audio;
    if (patch.user_id !== undefined) next.userId = patch.user_id;
    if (patch.username !== undefined) next.username = patch.username;
    if (patch.phone_hidden !== undefined) next.phoneHidden = patch.phone_hidden;
    if (patch.on_whatsapp !== undefined) next.onWhatsApp = patch.on_whatsapp;
    this.check(next);
    this.put(Object.assign(user, next));
    return user;
  }

  /** Stores a whole user (seed, state file), replacing one with the same wa_id. */
  put(user: UserConfig): void {
    const previous = this.byWaId.get(user.waId);
    for (const [bsuid, waId] of this.waIdByBsuid) if (waId === user.waId && bsuid !== user.userId) this.waIdByBsuid.delete(bsuid);
    if (previous && previous !== user) Object.assign(previous, user);
    else this.byWaId.set(user.waId, user);
    if (user.userId !== null) this.waIdByBsuid.set(user.userId, user.waId);
    this.changed();
  }

  clear(): void {
    this.byWaId.clear();
    this.waIdByBsuid.clear();
  }

  private check(user: UserConfig): void {
    const owner = user.userId === null ? undefined : this.waIdByBsuid.get(user.userId);
    if (owner !== undefined && owner !== user.waId) {
      throw new ControlError('conflict', `The user id ${user.userId} already belongs to ${owner}.`);
    }
    if (user.phoneHidden && (user.userId === null || user.username === null)) {
      throw new ControlError('conflict', 'A user who hides their number needs a user_id and a username: webhooks name them by those only.');
    }
    if (user.onWhatsApp && inNotOnWhatsAppRange(user.waId)) {
      throw new ControlError('conflict', `${user.waId} is in the reserved +44 7700 900xxx range, which is never on WhatsApp.`);
    }
  }
}

/** The control API's view of a user. */
export function toSimUser(u: UserConfig, phoneAttached: boolean): SimUser {
  return {
    wa_id: u.waId, name: u.name, on_call: u.onCall, answer_after_ms: u.answerAfterMs, on_permission_request: u.onPermissionRequest,
    audio: u.audio, phone_attached: phoneAttached, on_whatsapp: u.onWhatsApp,
    user_id: u.userId, username: u.username, phone_hidden: u.phoneHidden,
  };
}
