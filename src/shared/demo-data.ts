/**
 * The demo world both sides seed from in simulator mode: the simulator seeds Meta's side (business
 * numbers, WhatsApp users, their permission replies), the server seeds its CRM (contacts, agents).
 * One list, so the two can never disagree about who exists.
 */
import type { LedgerEntry } from './policy/ledger.ts';

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
  /** Business-initiated calls picked up in the last hours: see `demoLedger`. */
  connectedCallsToday?: number;
  /** Business-initiated calls unanswered in a row after the grant: see `demoLedger`. */
  unansweredStreak?: number;
}

export const demoContacts: DemoContact[] = [
  { waId: '5511912345678', name: 'Ana Souza', permission: { kind: 'temporary', grantedDaysAgo: 1 } },
  { waId: '5521998765432', name: 'Bruno Lima', permission: { kind: 'permanent', grantedDaysAgo: 30 } },
  { waId: '5531987651234', name: 'Carla Mendes', permission: { kind: 'none' } },
  { waId: '5541976543210', name: 'Diego Alves', permission: { kind: 'declined', daysAgo: 2 } },
  { waId: '393471234567', name: 'Elena Rossi', permission: { kind: 'temporary', grantedDaysAgo: 8 } },
  { waId: '447700900123', name: 'Frank Ward', permission: { kind: 'none' } },
  { waId: '5561991234567', name: 'Gabriel Costa', permission: { kind: 'temporary', grantedDaysAgo: 1 }, connectedCallsToday: 9 },
  { waId: '5571981234567', name: 'Helena Dias', permission: { kind: 'permanent', grantedDaysAgo: 10 }, unansweredStreak: 3 },
  { waId: '5581971234567', name: 'Igor Santos', permission: { kind: 'temporary', grantedDaysAgo: 2 } },
];

/**
 * 2026 (reference §1.1): WhatsApp users who adopted a username and hide their number. Meta's
 * webhooks name them by their business-scoped user id (BSUID) and username only; Graph reaches them
 * with `recipient`. `waId` is the number WhatsApp knows and never shows the business. A list apart
 * from `demoContacts`, so the server's seeding (keyed by wa_id today) adopts them when it is ready;
 * the simulator seeds them already.
 */
export interface DemoUsernameContact extends DemoContact {
  /** The business-scoped user id the business sees. */
  userId: string;
  username: string;
}

export const demoUsernameContacts: DemoUsernameContact[] = [
  {
    waId: '5511987650001', name: 'Joana Prado', userId: 'BR.27510498236615590347', username: 'joana.prado',
    permission: { kind: 'temporary', grantedDaysAgo: 1 },
  },
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

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

/**
 * A demo contact's history towards one business number, as policy ledger entries relative to
 * `now`. The simulator (Meta's truth) and the server (what its webhooks would have told it) both
 * seed from this one function, so they agree to the millisecond.
 */
export function demoLedger(contact: DemoContact, phoneNumberId: string, now: number): LedgerEntry[] {
  const entries: LedgerEntry[] = [];
  const id = (kind: string, n = 0) => `demo.${phoneNumberId}.${contact.waId}.${kind}.${n}`;
  const p = contact.permission;
  let grantedAt: number | null = null;
  if (p.kind === 'temporary' || p.kind === 'permanent') {
    grantedAt = now - p.grantedDaysAgo * dayMs;
    entries.push({ type: 'permission_requested', id: id('request'), at: grantedAt - hourMs, via: 'free_form' });
    entries.push({
      type: 'permission_replied', id: id('reply'), at: grantedAt, response: 'accept', permanent: p.kind === 'permanent',
      source: 'user_action', origin: 'request', ...(p.kind === 'temporary' ? { expiresAt: grantedAt + 7 * dayMs } : {}),
    });
  } else if (p.kind === 'declined') {
    const at = now - p.daysAgo * dayMs;
    entries.push({ type: 'permission_requested', id: id('request'), at: at - hourMs, via: 'free_form' });
    entries.push({ type: 'permission_replied', id: id('reply'), at, response: 'reject', permanent: false, source: 'user_action' });
  }
  for (let n = 1; n <= (contact.connectedCallsToday ?? 0); n++) {
    entries.push({ type: 'call_connected', id: id('connected', n), at: now - n * hourMs, direction: 'business_initiated' });
  }
  const streak = contact.unansweredStreak ?? 0;
  for (let n = 1; n <= streak; n++) {
    // The most recent unanswered call was one hour ago; all of them after the grant.
    entries.push({ type: 'call_unanswered', id: id('unanswered', n), at: now - n * hourMs });
  }
  if (grantedAt !== null && streak > 0 && now - streak * hourMs <= grantedAt) {
    throw new Error(`Demo contact ${contact.name}: the unanswered streak must come after the grant`);
  }
  return entries;
}
