/**
 * A number's calling settings and restrictions as Meta shows and changes them (reference §5, §7):
 * the `GET /settings` view (restrictions listed while in force), a settings change that tells the
 * business with `account_settings_update`, and WhatsApp's warnings and restrictions, each told with
 * `account_update`. Restrictions lift by themselves at expiry (simulator clock): nothing is sent then
 * (UNCONFIRMED: Meta documents no webhook for a lifted restriction).
 */
import type { SimContext } from './sim-context.ts';
import { restrictionWebhook, settingsWebhook, violationWebhook } from './webhook-account.ts';
import { unixSeconds } from './webhook-envelope.ts';
import { restrictionsInForce, type BusinessNumber, type Restriction } from './world.ts';

/** `GET /settings` `calling` without the restrictions: what `account_settings_update` carries. */
function callingView(business: BusinessNumber): Record<string, unknown> {
  const { calling } = business;
  return { ...calling, call_hours: calling.call_hours ?? { status: 'DISABLED' }, sip: calling.sip ?? { status: 'DISABLED' } };
}

/** `GET /{pnid}/settings`: the calling settings, plus `restrictions.restrictions_list` while any is in force. */
export function settingsView(business: BusinessNumber, now: number): { calling: Record<string, unknown> } {
  const inForce = restrictionsInForce(business, now);
  const restrictions = inForce.length === 0 ? {} : {
    restrictions: { restrictions_list: inForce.map((r) => ({ type: r.type, ...(r.until === null ? {} : { expiration: unixSeconds(r.until) }) })) },
  };
  return { calling: { ...callingView(business), ...restrictions } };
}

// Reference §7: the settings whose changes Meta announces, the business's own included.
const announced = (business: BusinessNumber) => JSON.stringify([
  business.calling.status, business.calling.call_icon_visibility, business.calling.callback_permission_status,
  business.calling.sip?.status ?? 'DISABLED', business.calling.srtp_key_exchange_protocol ?? business.calling.sip?.srtp_key_exchange_protocol ?? null,
]);

/** Merges a `calling` patch; sends `account_settings_update` when an announced setting changed. */
export function changeCallingSettings(ctx: SimContext, business: BusinessNumber, patch: Record<string, unknown>): void {
  const before = announced(business);
  ctx.world.updateCalling(business, patch);
  if (announced(business) === before) return;
  ctx.webhooks.send({
    orderKey: `account:${business.phoneNumberId}`, event: 'account_settings_update', callId: null,
    payload: settingsWebhook(business, callingView(business), ctx.clock.now()),
  });
}

/** WhatsApp warns the business (`account_update` ACCOUNT_VIOLATION); nothing is restricted yet. */
export function warnBusiness(ctx: SimContext, business: BusinessNumber, violationType: string): void {
  ctx.webhooks.send({ orderKey: `account:${business.phoneNumberId}`, event: 'account_update', callId: null, payload: violationWebhook(business, violationType) });
}

/** WhatsApp restricts the number (`account_update` ACCOUNT_RESTRICTION with every restriction in force). */
export function restrictBusiness(ctx: SimContext, business: BusinessNumber, restriction: Restriction): void {
  const now = ctx.clock.now();
  ctx.world.restrict(business, restriction, now);
  ctx.webhooks.send({
    orderKey: `account:${business.phoneNumberId}`, event: 'account_update', callId: null,
    payload: restrictionWebhook(business, restrictionsInForce(business, now)),
  });
}
