/**
 * The simulator's control API for business numbers (`/_sim/business-numbers/{phone_number_id}/…`):
 * their calling settings, a sandbox number's allow-list, and the warnings and restrictions WhatsApp
 * puts on them (each sent to the business as an `account_update` webhook).
 */
import { z } from 'zod';
import { callingSettingsSchema } from './meta-api.ts';
import { waIdSchema } from './phone-number.ts';
import { simBusinessNumberSchema } from './sim-api.ts';

/**
 * `GET /_sim/business-numbers/{phone_number_id}`: a number with its calling settings, the
 * restrictions in force (`expires_at` epoch ms of the simulator clock, null = no expiry) and, for a
 * sandbox number, the recipients it may reach (131030 for anyone else).
 */
export const simBusinessNumberDetailSchema = simBusinessNumberSchema.extend({
  calling: z.record(z.string(), z.unknown()),
  restrictions: z.array(z.object({ restriction_type: z.string(), expires_at: z.number().nullable() })),
  allow_list: z.array(z.string()),
});
export type SimBusinessNumberDetail = z.infer<typeof simBusinessNumberDetailSchema>;

/** `PUT /_sim/business-numbers/{phone_number_id}/settings`: a `calling` patch, exactly as Graph's `POST /settings` takes it. */
export const simCallingPatchSchema = callingSettingsSchema;

/** `GET|PUT /_sim/business-numbers/{phone_number_id}/allow-list`: a sandbox number's recipients (replaced whole). */
export const simAllowListSchema = z.object({ wa_ids: z.array(waIdSchema).max(10_000) }).strict();

/** `account_update` warnings WhatsApp sends about calling (reference §5). */
export const violationTypeSchema = z.enum([
  'USER_INITIATED_CALLS_LOW_PICKUP_RATE', 'LOW_CALLING_QUALITY', 'LOW_BUSINESS_INITIATED_CALLING_QUALITY', 'LOW_USER_INITIATED_CALLING_QUALITY',
]);
/**
 * `account_update` restrictions on calling (reference §5). The business-initiated ones (the
 * profile's `restrictionsPausingBusinessCalls`) make `connect` and permission requests fail with
 * 138014 until they expire.
 */
export const restrictionTypeSchema = z.enum([
  'RESTRICTED_USER_INITIATED_CALLING_CALL_BUTTON_HIDDEN', 'RESTRICTED_BUSINESS_INITIATED_CALLING', 'RESTRICTED_USER_INITIATED_CALLING',
  'RESTRICTED_BIZ_INITIATED_AND_USER_INITIATED_CALLING',
]);
/** `POST /_sim/business-numbers/{phone_number_id}/violations`: WhatsApp warns the business. */
export const simViolationSchema = z.object({ violation_type: violationTypeSchema }).strict();
/**
 * `POST /_sim/business-numbers/{phone_number_id}/restrictions`: WhatsApp restricts the number for
 * `expires_in_ms` of simulator time (default 7 days, Meta's pause; null = no expiry).
 */
export const simRestrictionSchema = z.object({
  restriction_type: restrictionTypeSchema,
  expires_in_ms: z.number().int().min(1).max(400 * 24 * 3600 * 1000).nullable().optional(),
}).strict();
