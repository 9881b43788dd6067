/**
 * The contact list's filters, written once: the server pages through contacts with them, the
 * browser counts and shows them. No zod: the browser imports this module.
 */
import type { Contact } from './agent-api.ts';
import { DAY_MS } from './policy/durations.ts';

/** "Expiring soon" means a temporary permission with less than this left: two working days' notice. */
export const EXPIRING_SOON_MS = 2 * DAY_MS;

const needsPermissionStates: ReadonlySet<string> = new Set(['none', 'declined', 'expired', 'revoked']);

export const contactFilterIds = ['all', 'callable', 'expiring', 'needs-permission'] as const;
export type ContactFilterId = (typeof contactFilterIds)[number];

export const contactFilters: readonly { id: ContactFilterId; label: string; empty: string; test: (c: Contact, now: number) => boolean }[] = [
  { id: 'all', label: 'All', empty: 'No contacts for this line yet.', test: () => true },
  { id: 'callable', label: 'Callable now', empty: 'No contact can be called right now.', test: (c) => c.eligibility.call.allowed },
  {
    id: 'expiring',
    label: 'Expiring soon',
    empty: 'No temporary permission expires in the next 48 hours.',
    test: (c, now) => {
      const p = c.eligibility.permission;
      return p.state === 'temporary' && p.expiresAt !== null && p.expiresAt > now && p.expiresAt - now <= EXPIRING_SOON_MS;
    },
  },
  {
    id: 'needs-permission',
    label: 'Needs permission',
    empty: 'Every contact here has allowed calls.',
    test: (c) => needsPermissionStates.has(c.eligibility.permission.state) || c.eligibility.call.refusals.some((r) => r.code === 138006),
  },
];

export const contactFilter = (id: ContactFilterId) => contactFilters.find((f) => f.id === id)!;
