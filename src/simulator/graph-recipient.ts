/**
 * Who a Graph request is about (reference §1.1): `to` / `user_wa_id` name the user by phone number;
 * since 2026 `recipient` names them by business-scoped user id (BSUID). When both are given, `to`
 * wins. A BSUID the simulator never issued is refused as an invalid parameter.
 */
import { isBsuid } from '../shared/customer-id.ts';
import { toWaId } from '../shared/phone-number.ts';
import { invalidParameter } from './graph-errors.ts';
import type { World } from './world.ts';

/** The wa_id of the user named by `phone` (field `phoneField`) or, failing that, by the BSUID `recipient`. */
export function recipientWaId(world: World, phone: string | undefined, recipient: string | undefined, phoneField: string): string {
  if (phone !== undefined && phone !== '') {
    const waId = toWaId(phone);
    if (!waId) throw invalidParameter(`${phoneField}: "${phone}" is not a valid phone number in international format.`);
    return waId;
  }
  if (recipient === undefined || recipient === '') throw invalidParameter(`The parameter ${phoneField} or recipient is required.`);
  if (!isBsuid(recipient)) throw invalidParameter(`recipient: "${recipient}" is not a business-scoped user id (e.g. US.13491208655302741918).`);
  const user = world.users.byBsuid(recipient);
  if (!user) throw invalidParameter(`recipient: no WhatsApp user has the business-scoped user id ${recipient}.`);
  return user.waId;
}
