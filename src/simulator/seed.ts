/**
 * Fills the world from `src/shared/demo-data.ts`, the list the product server seeds its CRM from,
 * so both sides agree on who exists. Each contact's history towards every demo business number is
 * `demoLedger` of that file, placed relative to the clock's now: the product server seeds the
 * same entries, so Meta's side and the server's estimate agree from the start.
 */
import { randomUUID } from 'node:crypto';
import { demoBusinessNumbers, demoContacts, demoLedger } from '../shared/demo-data.ts';
import type { PolicyProfile } from '../shared/policy/profiles.ts';
import { applyUnansweredCall } from './unanswered-calls.ts';
import type { World } from './world.ts';

/**
 * demo-data has no WABA id; one demo WhatsApp Business Account owns every demo number. It is the
 * webhook `entry[].id`.
 */
export const demoWabaId = '200000000000001';

/**
 * Empties the world and loads the demo business numbers, users and pair ledgers. Seeded unanswered
 * calls are replayed through WhatsApp's streak effects under `profile`, so a contact past the
 * reconsider threshold already has the system message on their phone (no webhooks are sent).
 */
export function seedWorld(world: World, now: number, profile: PolicyProfile): void {
  world.clear();
  world.identity = { id: randomUUID(), seededAt: now };
  for (const b of demoBusinessNumbers) {
    world.businesses.set(b.phoneNumberId, {
      phoneNumberId: b.phoneNumberId,
      number: b.number,
      name: b.name,
      profile: b.profile,
      wabaId: demoWabaId,
      calling: { status: b.callingEnabled ? 'ENABLED' : 'DISABLED', call_icon_visibility: 'DEFAULT', callback_permission_status: 'DISABLED' },
    });
  }
  for (const contact of demoContacts) {
    world.user(contact.waId).name = contact.name;
    for (const business of world.businesses.values()) {
      // In time order, so each unanswered call sees the streak as it stood when it happened.
      const history = [...demoLedger(contact, business.phoneNumberId, now)].sort((a, b) => a.at - b.at);
      for (const entry of history) {
        if (entry.type === 'call_unanswered') applyUnansweredCall(world, profile, business, contact.waId, entry);
        else world.ledgers.append(business.phoneNumberId, contact.waId, entry);
      }
    }
  }
}
