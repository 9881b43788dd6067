/**
 * Fills the world from `src/shared/demo-data.ts`, the list the product server seeds its CRM from,
 * so both sides agree on who exists. Permission histories are placed relative to the clock's now.
 */
import { demoBusinessNumbers, demoContacts, type DemoPermission } from '../shared/demo-data.ts';
import type { LedgerEntry } from './ledger.ts';
import { newMessageId } from './ids.ts';
import { simPolicy } from './permission-check.ts';
import type { World } from './world.ts';

/**
 * demo-data has no WABA id; one demo WhatsApp Business Account owns every demo number. It is the
 * webhook `entry[].id`.
 */
export const demoWabaId = '200000000000001';

const DAY_MS = 24 * 3_600_000;
// A seeded reply came a few minutes after its request.
const REPLY_DELAY_MS = 5 * 60_000;

/** The ledger a demo permission stands for: a request, then the user's reply. */
function historyOf(permission: DemoPermission, waId: string, now: number): LedgerEntry[] {
  if (permission.kind === 'none') return [];
  const daysAgo = permission.kind === 'declined' ? permission.daysAgo : permission.grantedDaysAgo;
  const repliedAt = now - daysAgo * DAY_MS;
  const requested: LedgerEntry = { type: 'permission_requested', id: newMessageId(waId), at: repliedAt - REPLY_DELAY_MS, via: 'template' };
  const base = { type: 'permission_replied' as const, id: newMessageId(waId), at: repliedAt, source: 'user_action' as const };
  switch (permission.kind) {
    case 'declined':
      return [requested, { ...base, response: 'reject', permanent: false }];
    case 'permanent':
      return [requested, { ...base, response: 'accept', permanent: true }];
    case 'temporary':
      return [requested, { ...base, response: 'accept', permanent: false, expiresAt: repliedAt + simPolicy.temporaryPermissionMs }];
  }
}

/** Empties the world and loads the demo business numbers, users and permission ledgers. */
export function seedWorld(world: World, now: number): void {
  world.clear();
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
    for (const b of demoBusinessNumbers) {
      for (const entry of historyOf(contact.permission, contact.waId, now)) world.ledgers.append(b.phoneNumberId, contact.waId, entry);
    }
  }
}
