/**
 * Webhooks about a business number rather than a user (reference §5, §7): `account_update` when
 * WhatsApp warns about or restricts calling on the number, and `account_settings_update` when its
 * calling settings change (also through the business's own `POST /settings`).
 */
import { businessEnvelope, unixSeconds } from './webhook-envelope.ts';
import type { BusinessNumber, Restriction } from './world.ts';

/** `account_update` ACCOUNT_VIOLATION: a warning, e.g. `USER_INITIATED_CALLS_LOW_PICKUP_RATE`. */
export function violationWebhook(business: BusinessNumber, violationType: string) {
  return businessEnvelope(business, 'account_update', {
    phone_number: business.number,
    event: 'ACCOUNT_VIOLATION',
    violation_info: { violation_type: violationType },
  });
}

/** `account_update` ACCOUNT_RESTRICTION listing the restrictions in force; `expiration` is Unix seconds. */
export function restrictionWebhook(business: BusinessNumber, restrictions: readonly Restriction[]) {
  return businessEnvelope(business, 'account_update', {
    phone_number: business.number,
    event: 'ACCOUNT_RESTRICTION',
    restriction_info: restrictions.map((r) => ({
      restriction_type: r.type,
      ...(r.until === null ? {} : { expiration: unixSeconds(r.until) }),
    })),
  });
}

/** `account_settings_update`: the number's calling settings after a change, as `GET /settings` shows them. */
export function settingsWebhook(business: BusinessNumber, calling: Record<string, unknown>, now: number) {
  return businessEnvelope(business, 'account_settings_update', {
    messaging_product: 'whatsapp',
    timestamp: unixSeconds(now),
    type: 'phone_number_settings',
    phone_number_settings: { phone_number_id: business.phoneNumberId, calling },
  });
}
