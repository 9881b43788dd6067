/**
 * Which contact a webhook is about. WhatsApp names a customer by wa_id, by business-scoped user id
 * (2026), or both; a contact is keyed by the wa_id when we know it, else by the BSUID, and keeps
 * the other id beside it so later events that carry only one of them find the same contact.
 */
import { eq } from 'drizzle-orm';
import { isBsuid } from '../../shared/customer-id.ts';
import { formatWaId } from '../../shared/phone-number.ts';
import type { Db } from '../db/open-db.ts';
import { contacts } from '../db/schema.ts';
import type { CustomerRef } from '../webhooks/elements.ts';

/** A contact's display name when WhatsApp sent none: the formatted number, or the username. */
export function fallbackName(key: string, username: string | null = null): string {
  if (username) return `@${username}`;
  return isBsuid(key) ? 'WhatsApp user' : formatWaId(key);
}

/** The contact key for `ref`, creating or completing the contact. */
export async function resolveCustomer(db: Db, ref: CustomerRef): Promise<string> {
  let key = ref.waId;
  if (!key && ref.userId) {
    const [known] = await db.select({ waId: contacts.waId }).from(contacts).where(eq(contacts.userId, ref.userId));
    key = known?.waId ?? ref.userId;
  }
  if (!key) throw new Error('A customer reference names nobody');
  const name = ref.name && ref.name !== ref.waId ? ref.name : fallbackName(key, ref.username);
  await db.insert(contacts).values({ waId: key, name, userId: ref.userId, username: ref.username }).onConflictDoNothing();
  if (ref.userId || ref.username) {
    // Complete a contact first seen without them; a BSUID already held by another contact stays there.
    const [row] = await db.select().from(contacts).where(eq(contacts.waId, key));
    if (row && ((ref.userId && !row.userId) || (ref.username && row.username !== ref.username))) {
      const [holder] = ref.userId ? await db.select({ waId: contacts.waId }).from(contacts).where(eq(contacts.userId, ref.userId)) : [];
      await db.update(contacts).set({
        ...(ref.userId && !row.userId && !holder ? { userId: ref.userId } : {}),
        ...(ref.username ? { username: ref.username } : {}),
      }).where(eq(contacts.waId, key));
    }
  }
  return key;
}
