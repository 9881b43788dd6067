/**
 * Phone numbers as WhatsApp sees them. A `wa_id` is the E.164 number without the plus sign.
 * Countries come from libphonenumber-js; no hand-written prefix tables. Server and simulator only:
 * its metadata would be a third of the browser's first load, so the server sends display forms.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { isBsuid } from './customer-id.ts';

/** Digits only, 8–15 long, as Meta's `wa_id` and `to` fields carry them. */
export const waIdSchema = z.string().regex(/^[1-9]\d{7,14}$/, 'A WhatsApp number is 8–15 digits in international form, without "+" or spaces.');
export type WaId = z.infer<typeof waIdSchema>;

/**
 * Normalises what a person typed ("+55 11 91234-5678", "5511912345678") to a wa_id,
 * or returns null when it is not a valid international number.
 */
export function toWaId(input: string): WaId | null {
  const trimmed = input.trim();
  const withPlus = trimmed.startsWith('+') ? trimmed : `+${trimmed}`;
  const parsed = parsePhoneNumberFromString(withPlus.replace(/[^\d+]/g, ''));
  if (!parsed || !parsed.isPossible()) return null;
  const digits = parsed.number.slice(1);
  return waIdSchema.safeParse(digits).success ? digits : null;
}

/** ISO country of a number ("US", "BR"), or null when libphonenumber cannot tell. */
export function countryOf(waId: string): CountryCode | null {
  return parsePhoneNumberFromString(`+${waId}`)?.country ?? null;
}

/** "+55 11 91234 5678" for display. */
export function formatWaId(waId: string): string {
  return parsePhoneNumberFromString(`+${waId}`)?.formatInternational() ?? `+${waId}`;
}

/** A customer for people: the formatted number, or the business-scoped user id as WhatsApp gave it. */
export function displayCustomer(customerId: string): string {
  return isBsuid(customerId) ? customerId : formatWaId(customerId);
}

/** ISO country and calling code of a number ({ country: "BR", callingCode: "55" }), or null when libphonenumber cannot place it. */
export function placeOf(waId: string): { country: CountryCode; callingCode: string } | null {
  const parsed = parsePhoneNumberFromString(`+${waId}`);
  return parsed?.country ? { country: parsed.country, callingCode: parsed.countryCallingCode } : null;
}
