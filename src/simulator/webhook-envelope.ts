/**
 * What every webhook Meta sends shares (reference §3.1): the `whatsapp_business_account` envelope,
 * `metadata` and `contacts[]`, and how the user is named. 2026 (reference §1.1): a user with a
 * business-scoped user id (BSUID) is also named by it (`contacts[].user_id`, `*_user_id`); a user
 * who hides their number is named by it only (no `wa_id`, `from`, `to`, `recipient_id`).
 */
import type { BusinessNumber } from './world.ts';
import type { UserConfig } from './world-users.ts';

/** The user side of a webhook. */
export interface Contact {
  waId: string;
  name: string;
  userId: string | null;
  username: string | null;
  phoneHidden: boolean;
}

/** The webhook view of a user. */
export function contactOf(user: UserConfig): Contact {
  return { waId: user.waId, name: user.name, userId: user.userId, username: user.username, phoneHidden: user.phoneHidden };
}

/** Unix seconds as Meta writes them: a string. */
export const unixSeconds = (ms: number): string => String(Math.floor(ms / 1000));

/** `{ [phoneKey]: wa_id }` unless the user hides their number. */
export function userPhone(user: Contact, phoneKey: string): Record<string, string> {
  return user.phoneHidden ? {} : { [phoneKey]: user.waId };
}

/** `{ [idKey]: BSUID }` when the user has one. */
export function userBsuid(user: Contact, idKey: string): Record<string, string> {
  return user.userId === null ? {} : { [idKey]: user.userId };
}

function contactJson(user: Contact) {
  return {
    profile: { name: user.name, ...(user.username === null ? {} : { username: user.username }) },
    ...userPhone(user, 'wa_id'),
    ...userBsuid(user, 'user_id'),
  };
}

/** The envelope of a `calls` or `messages` change about one user. */
export function envelope(business: BusinessNumber, field: 'calls' | 'messages', user: Contact, payload: Record<string, unknown>) {
  return businessEnvelope(business, field, {
    messaging_product: 'whatsapp',
    metadata: { display_phone_number: business.number, phone_number_id: business.phoneNumberId },
    contacts: [contactJson(user)],
    ...payload,
  });
}

/** The envelope of any change on the number's WhatsApp Business Account (`entry[].id`). */
export function businessEnvelope(business: BusinessNumber, field: string, value: Record<string, unknown>) {
  return { object: 'whatsapp_business_account', entry: [{ id: business.wabaId, changes: [{ value, field }] }] };
}
