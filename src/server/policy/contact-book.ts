/**
 * Contacts by number: what an agent types ("+55 11 91234-5678", "5511912345678") is validated with
 * libphonenumber-js on the server (`toWaId`, one rule for everyone) and becomes a contact keyed by
 * its wa_id; a business-scoped user id Meta sent us is accepted as it is.
 */
import { eq } from 'drizzle-orm';
import { isBsuid } from '../../shared/customer-id.ts';
import { AppError } from '../../shared/errors.ts';
import { formatWaId, toWaId } from '../../shared/phone-number.ts';
import type { Db } from '../db/open-db.ts';
import { contacts } from '../db/schema.ts';

export type ContactRow = typeof contacts.$inferSelect;

/** The contact key for what was typed, or a 400 that says what a valid number looks like. */
export function contactKey(input: { number?: string; waId?: string }): string {
  const typed = (input.number ?? input.waId ?? '').trim();
  if (input.number === undefined && isBsuid(typed)) return typed;
  const waId = toWaId(typed);
  if (waId === null) {
    throw new AppError({ code: 'invalid_number', message: `"${typed}" is not a valid phone number. Type it in international form with the country code, e.g. +55 11 91234 5678.` });
  }
  return waId;
}

export async function findContact(db: Db, waId: string): Promise<ContactRow | undefined> {
  return (await db.select().from(contacts).where(eq(contacts.waId, waId)))[0];
}

/** Creates the contact unless it exists (then it is returned unchanged). */
export async function addContact(db: Db, waId: string, name?: string): Promise<{ contact: ContactRow; created: boolean }> {
  const [inserted] = await db.insert(contacts).values({ waId, name: name?.trim() || (isBsuid(waId) ? waId : formatWaId(waId)) }).onConflictDoNothing().returning();
  if (inserted) return { contact: inserted, created: true };
  const existing = await findContact(db, waId);
  if (!existing) throw new AppError({ code: 'internal', message: 'The contact vanished while it was being added.' });
  return { contact: existing, created: false };
}
