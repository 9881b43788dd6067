/**
 * How WhatsApp names a customer. Meta sends a `wa_id` (the phone number in international form,
 * digits only; Meta's own numbering plans allow 5–15 digits, e.g. 7-digit Niue numbers) and, since
 * 2026, a business-scoped user id (BSUID, e.g. `US.13491208655302741918`) that replaces the phone
 * fields for users who adopted a username (reference §1.1). Ringside keys a contact by the wa_id
 * when it knows one, otherwise by the BSUID. No libphonenumber here: this module runs in the browser.
 */
import { z } from 'zod';

/** Digits only, 5–15 long: any `wa_id` Meta can send. */
export const waIdPattern = /^[1-9]\d{4,14}$/;
/** A business-scoped user id: two-letter region, a dot, then an opaque id. */
export const bsuidPattern = /^[A-Z]{2}\.[0-9A-Za-z_-]{1,128}$/;

/** A contact key: a wa_id or, for a username-only customer, the BSUID. */
export const customerIdSchema = z.string().refine((v) => waIdPattern.test(v) || bsuidPattern.test(v), {
  message: 'A WhatsApp customer is a number in international form (digits, without "+") or a business-scoped user id.',
});
export type CustomerId = z.infer<typeof customerIdSchema>;

/** True for a business-scoped user id (Graph then takes it as `recipient` instead of `to`). */
export const isBsuid = (id: string): boolean => bsuidPattern.test(id);
