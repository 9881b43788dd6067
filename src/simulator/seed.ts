/**
 * Fills the world from `src/shared/demo-data.ts`, the list the product server seeds its CRM from,
 * so both sides agree on who exists. Each contact's history towards every demo business number is
 * `demoLedger` of that file, placed relative to the clock's now: the product server seeds the
 * same entries, so Meta's side and the server's estimate agree from the start.
 */
import { randomUUID } from 'node:crypto';
import { demoBusinessNumbers, demoContacts, demoLedger, demoUsernameContacts, type DemoContact } from '../shared/demo-data.ts';
import type { PolicyProfile } from '../shared/policy/profiles.ts';
import { applyUnansweredCall } from './unanswered-calls.ts';
import type { World } from './world.ts';
import { defaultUser } from './world-users.ts';

/**
 * demo-data has no WABA id; one demo WhatsApp Business Account owns every demo number. It is the
 * webhook `entry[].id`.
 */
export const demoWabaId = '200000000000001';

const allDemoContacts = (): DemoContact[] => [...demoContacts, ...demoUsernameContacts];

function seedBusinesses(world: World): void {
  // The sandbox number reaches only allow-listed recipients (131030): every demo contact, so demos work.
  const everyone = allDemoContacts().map((c) => c.waId);
  for (const b of demoBusinessNumbers) {
    world.addBusiness({
      phoneNumberId: b.phoneNumberId,
      number: b.number,
      name: b.name,
      profile: b.profile,
      wabaId: demoWabaId,
      calling: { status: b.callingEnabled ? 'ENABLED' : 'DISABLED', call_icon_visibility: 'DEFAULT', callback_permission_status: 'DISABLED' },
      restrictions: [],
      allowList: new Set(b.profile === 'sandbox' ? everyone : []),
    });
  }
}

function seedUsers(world: World): void {
  for (const contact of demoContacts) world.users.put({ ...defaultUser(contact.waId), name: contact.name });
  for (const contact of demoUsernameContacts) {
    world.users.put({ ...defaultUser(contact.waId), name: contact.name, userId: contact.userId, username: contact.username, phoneHidden: true });
  }
}

/**
 * Empties the world and loads the demo business numbers, users and pair ledgers, under a new
 * world id. Seeded unanswered calls are replayed through WhatsApp's streak effects under
 * `profile`, so a contact past the reconsider threshold already has the system message on their
 * phone (no webhooks are sent).
 */
export function seedWorld(world: World, now: number, profile: PolicyProfile): void {
  world.clear();
  world.identity = { id: randomUUID(), seededAt: now };
  seedBusinesses(world);
  seedUsers(world);
  for (const contact of allDemoContacts()) {
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
