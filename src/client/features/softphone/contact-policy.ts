/**
 * What the agent UI reads from a contact's `eligibility` (computed by the shared policy on the
 * server). Nothing here decides whether WhatsApp allows something: every yes/no comes from
 * `eligibility`, every refusal sentence from `describeRefusal`. This module only picks, counts and
 * words what the policy already answered.
 */
import { useQuery } from '@tanstack/react-query';
import type { Basis, BusinessNumber, Contact, PermissionStatus } from '../../../shared/agent-api.ts';
import { describeRefusal } from '../../../shared/policy/describe.ts';
import type { Eligibility, Refusal, StreakView } from '../../../shared/policy/eligibility.ts';
import { DAY_MS, WEEK_MS } from '../../../shared/policy/durations.ts';
import { formatInstant } from '../../lib/format.ts';
import { useNow } from '../../lib/use-now.ts';
import { contactsQueryOptions } from './api.ts';

// ---- the clock ---------------------------------------------------------------------------

/** How often countdowns move between refetches: they show minutes, so a quarter-minute is plenty. */
const TICK_MS = 15_000;

/**
 * The contacts of a line, and "now" on the policy's clock: `eligibility.now` advanced by the time
 * since the fetch on the browser's clock. So countdowns tick between refetches and stay right when
 * the server's clock differs from the browser's (the simulator's clock can be moved).
 */
export function useLineContacts(line: BusinessNumber | null) {
  const query = useQuery({ ...contactsQueryOptions(line?.id ?? ''), enabled: line !== null });
  const clock = useNow(query.data !== undefined, TICK_MS);
  const first = query.data?.[0];
  const offset = first ? first.eligibility.now - query.dataUpdatedAt : 0;
  return { query, contacts: query.data, now: clock + offset, offset };
}

/** Formats instants for `describeRefusal` and the panel: "14:32", "Tue 14:32", "12 Nov, 14:32". */
export const timeFormatter = (now: number) => (epochMs: number) => formatInstant(epochMs, now);

/** Every future instant the UI shows for a contact: when one passes, the answer may change. */
function boundaries(e: Eligibility, serviceWindowOpenUntil: string | null): number[] {
  const times: (number | null)[] = [
    e.permission.expiresAt,
    e.call.resetsAt, e.call.nextFreeAt, e.call.nextPossibleAt,
    e.request.day.resetsAt, e.request.day.nextFreeAt, e.request.week.resetsAt, e.request.week.nextFreeAt,
    e.request.declineWaitUntil, e.request.nextPossibleAt,
    ...e.call.refusals.map((r) => r.until), ...e.request.refusals.map((r) => r.until),
    serviceWindowOpenUntil === null ? null : Date.parse(serviceWindowOpenUntil),
  ];
  return times.filter((t): t is number => t !== null && Number.isFinite(t) && t > e.now);
}

/** The earliest instant after each contact's `eligibility.now` at which something shown changes; null when none. */
export function nextBoundary(contacts: readonly Contact[]): number | null {
  let next: number | null = null;
  for (const c of contacts) for (const t of boundaries(c.eligibility, c.serviceWindowOpenUntil)) if (next === null || t < next) next = t;
  return next;
}

/** The contact whose pre-dial panel is shown: the chosen one, else the first of the line. */
export function selectedContact(contacts: readonly Contact[], waId: string | null): Contact | undefined {
  return contacts.find((c) => c.waId === waId) ?? contacts[0];
}

// ---- badges and filters ------------------------------------------------------------------

/**
 * The badge, from the same ledger as the panel (`requested` while a request awaits the customer):
 * the server derives it with `agentPermissionStatus`, which the browser does not load (zod's module).
 */
export function permissionStatusOf(contact: Contact): PermissionStatus {
  return contact.permission.status;
}

/** WhatsApp said the number is not on WhatsApp (138001), and nothing newer says otherwise. */
export const notOnWhatsApp = (contact: Contact) => contact.eligibility.call.refusals.some((r) => r.code === 138001);

export { contactFilters, EXPIRING_SOON_MS, type ContactFilterId } from '../../../shared/contact-filters.ts';

/** Name or number contains the text. */
export function matchesText(contact: Contact, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const digits = q.replace(/\D/g, '');
  return contact.name.toLowerCase().includes(q) || (digits.length > 0 && contact.waId.includes(digits));
}

// ---- words -------------------------------------------------------------------------------

/** The sentence for the first refusal (the one WhatsApp would answer with); null when allowed. */
export function firstRefusal(refusals: readonly Refusal[], now: number): string | null {
  const first = refusals[0];
  return first ? describeRefusal(first, timeFormatter(now)) : null;
}

/**
 * The first refusal in a list row. A pause of the whole line is said once in the line's notice;
 * each row then only needs its end, not the full sentence again.
 */
export function rowRefusal(refusals: readonly Refusal[], now: number): string | null {
  const first = refusals[0];
  if (first?.reason !== 'calling_restricted') return firstRefusal(refusals, now);
  return first.until === null ? 'Paused by WhatsApp on this line' : `Paused by WhatsApp on this line until ${timeFormatter(now)(first.until)}`;
}

function windowWord(windowMs: number): string {
  // WhatsApp's windows roll: "today" would promise a reset at midnight that never comes.
  return windowMs === DAY_MS ? 'in 24 h' : windowMs === WEEK_MS ? 'in 7 days' : 'in this window';
}

/** "7 of 10 calls left in 24 h · next frees at 14:32". */
export function callQuotaText(call: Eligibility['call'], now: number): string {
  const left = Math.max(0, call.max - call.used);
  const fmt = timeFormatter(now);
  const base = `${left} of ${call.max} calls left ${windowWord(call.windowMs)}`;
  const frees = call.nextFreeAt ?? (call.used > 0 ? call.resetsAt : null);
  return frees === null ? base : `${base} · next frees at ${fmt(frees)}`;
}

/** "2 unanswered in a row — WhatsApp has asked this customer to reconsider; 2 more and permission is revoked". */
export function streakText(streak: StreakView): string {
  const { count, reconsiderThreshold, revokeThreshold } = streak;
  if (streak.revoked) return `${count} unanswered in a row — WhatsApp revoked the permission to call this customer`;
  const more = Math.max(0, revokeThreshold - count);
  if (streak.reconsiderSent) return `${count} unanswered in a row — WhatsApp has asked this customer to reconsider; ${more} more and permission is revoked`;
  if (count === 0) return 'No unanswered calls in a row';
  return `${count} unanswered in a row; at ${reconsiderThreshold} WhatsApp asks the customer to reconsider, at ${revokeThreshold} it revokes permission`;
}

const lineGates: ReadonlySet<number> = new Set([138000, 138002, 138013, 138014]);

/** Where Ringside's estimate and WhatsApp's own answer differ, in words; empty when they agree or WhatsApp was not asked. */
export function metaDisagreements(contact: Contact): string[] {
  const meta = contact.meta;
  if (!meta) return [];
  const e = contact.estimate;
  const ours = e.permission === 'temporary' || e.permission === 'permanent' ? e.permission : 'no_permission';
  const out: string[] = [];
  // WhatsApp's answer decides permission and quotas, not the line's own gates (calling off, country,
  // a restriction, concurrency): with one of those in the way, "can call" is not the answer's to give.
  const gated = (refusals: readonly Refusal[]) => refusals.some((r) => r.code !== null && lineGates.has(r.code));
  if (meta.status !== ours) out.push('permission');
  if (!gated(contact.eligibility.call.refusals) && meta.canCall !== e.canCall) out.push('whether you can call');
  if (!gated(contact.eligibility.request.refusals) && meta.canRequest !== e.canRequest) out.push('whether you can request permission');
  if (meta.callsUsed !== null && meta.callsUsed !== e.callsUsed) out.push('calls used');
  if (meta.callsMax !== null && meta.callsMax !== e.callsMax) out.push('the daily call limit');
  return out;
}

/** Whose figures a part shows, as the agent reads it. */
export const basisLabel: Record<Basis, string> = { whatsapp: 'WhatsApp’s figures', ringside: 'Ringside’s estimate' };
