/**
 * The demo world both sides seed from in simulator mode: the simulator seeds Meta's side (business
 * numbers, WhatsApp users, their permission replies), the server seeds its CRM (contacts, agents).
 * One list, so the two can never disagree about who exists.
 */

export interface DemoBusinessNumber {
  phoneNumberId: string;
  /** wa_id form: digits, no plus. */
  number: string;
  name: string;
  profile: 'production' | 'sandbox';
  callingEnabled: boolean;
}

/** Production BR (business-initiated calls allowed), sandbox test number, production US (restricted: 138013). */
export const demoBusinessNumbers: DemoBusinessNumber[] = [
  { phoneNumberId: '100000000000001', number: '551140001000', name: 'Ringside Support BR', profile: 'production', callingEnabled: true },
  { phoneNumberId: '100000000000002', number: '442071838750', name: 'Ringside Sandbox', profile: 'sandbox', callingEnabled: true },
  { phoneNumberId: '100000000000003', number: '14155550100', name: 'Ringside Support US', profile: 'production', callingEnabled: true },
];

/**
 * What the user last answered to a permission request, relative to the moment the world is seeded.
 * `grantedDaysAgo` 8 with a temporary grant means the permission has expired (7-day lifetime).
 */
export type DemoPermission =
  | { kind: 'none' }
  | { kind: 'temporary'; grantedDaysAgo: number }
  | { kind: 'permanent'; grantedDaysAgo: number }
  | { kind: 'declined'; daysAgo: number };

export interface DemoContact {
  waId: string;
  name: string;
  /** Permission towards every demo business number. */
  permission: DemoPermission;
}

export const demoContacts: DemoContact[] = [
  { waId: '5511912345678', name: 'Ana Souza', permission: { kind: 'temporary', grantedDaysAgo: 1 } },
  { waId: '5521998765432', name: 'Bruno Lima', permission: { kind: 'permanent', grantedDaysAgo: 30 } },
  { waId: '5531987651234', name: 'Carla Mendes', permission: { kind: 'none' } },
  { waId: '5541976543210', name: 'Diego Alves', permission: { kind: 'declined', daysAgo: 2 } },
  { waId: '393471234567', name: 'Elena Rossi', permission: { kind: 'temporary', grantedDaysAgo: 8 } },
  { waId: '447700900123', name: 'Frank Ward', permission: { kind: 'none' } },
];

/**
 * Numbers in this range are "not on WhatsApp": the simulator answers 138001. It is Ofcom's range
 * reserved for drama (+44 7700 900000–900999), so no real person can be behind it.
 */
export const notOnWhatsAppPrefix = '447700900';

export interface DemoAccount {
  username: string;
  password: string;
  displayName: string;
  role: 'agent' | 'supervisor' | 'trainer';
}

export const demoAccounts: DemoAccount[] = [
  { username: 'ana.agent', password: 'ringside', displayName: 'Ana Agent', role: 'agent' },
  { username: 'ben.agent', password: 'ringside', displayName: 'Ben Agent', role: 'agent' },
  { username: 'sam.supervisor', password: 'ringside', displayName: 'Sam Supervisor', role: 'supervisor' },
  { username: 'tia.trainer', password: 'ringside', displayName: 'Tia Trainer', role: 'trainer' },
];
