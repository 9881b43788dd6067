/**
 * The consent and quota risk board: contacts one unanswered call from revocation or at WhatsApp's
 * "reconsider" threshold, temporary permissions expiring within 24 h, pairs at (or one short of)
 * their call limit with when they free, and spent permission-request budgets. Read from the same
 * decisions the agents' panels show (`contactViews`), for the pairs with recent ledger activity.
 */
import { and, eq, gt } from 'drizzle-orm';
import type { Contact } from '../../shared/agent-api.ts';
import type { RiskRow } from '../../shared/floor-api.ts';
import { DAY_MS } from '../../shared/policy/durations.ts';
import type { PolicyProfile } from '../../shared/policy/profiles.ts';
import type { Db } from '../db/open-db.ts';
import { contacts, ledgerEntries } from '../db/schema.ts';
import { contactViews } from '../policy/contact-view.ts';
import type { BusinessNumberRow } from '../policy/pair-estimate.ts';

/** Pairs with no ledger entry for this long carry none of these risks (the longest window is 7 days; streaks rarely outlive a month). */
const lookBackMs = 30 * DAY_MS;
/** At most this many pairs per number are examined per snapshot. */
const pairBudget = 2000;
const expiringWithinMs = DAY_MS;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The risk rows of one contact (pure). */
export function risksOf(c: Contact, number: Pick<BusinessNumberRow, 'id' | 'label'>, now: number): RiskRow[] {
  const e = c.eligibility;
  const row = (kind: RiskRow['kind'], detail: string, at: number | null): RiskRow => ({
    kind, businessNumberId: number.id, numberLabel: number.label, waId: c.waId, contactName: c.name, displayNumber: c.displayNumber, detail, at: iso(at),
  });
  const out: RiskRow[] = [];
  const s = e.streak;
  if (!s.revoked && s.nextUnansweredRevokes) out.push(row('revoke_next', `${s.count} unanswered in a row: one more and WhatsApp revokes the permission`, null));
  else if (!s.revoked && s.count >= s.reconsiderThreshold) out.push(row('reconsider', `${s.count} unanswered in a row: WhatsApp asked the customer to reconsider`, null));
  const p = e.permission;
  if (p.state === 'temporary' && p.expiresAt !== null && p.expiresAt > now && p.expiresAt - now <= expiringWithinMs) {
    out.push(row('expiring', 'Temporary permission expires within 24 h', p.expiresAt));
  }
  const call = e.call;
  if (call.max > 0 && call.used >= call.max - 1) {
    const full = call.used >= call.max;
    out.push(row('call_limit', `${call.used} of ${call.max} calls used in 24 h${full ? ': at the limit' : ''}`, full ? call.nextFreeAt : call.resetsAt));
  }
  const day = e.request.day;
  const week = e.request.week;
  if (day.used >= day.max || week.used >= week.max) {
    const which = week.used >= week.max ? `${week.used} of ${week.max} this week` : `${day.used} of ${day.max} today`;
    out.push(row('request_budget', `Permission requests spent: ${which}`, week.used >= week.max ? week.nextFreeAt : day.nextFreeAt));
  }
  return out;
}

const order: Record<RiskRow['kind'], number> = { revoke_next: 0, reconsider: 1, expiring: 2, call_limit: 3, request_budget: 4 };

/** The board for one business number. */
export async function numberRisks(db: Db, profile: PolicyProfile, number: BusinessNumberRow, now: Date): Promise<RiskRow[]> {
  const pairs = await db.selectDistinct({ waId: ledgerEntries.waId, name: contacts.name }).from(ledgerEntries)
    .innerJoin(contacts, eq(contacts.waId, ledgerEntries.waId))
    .where(and(eq(ledgerEntries.businessNumberId, number.id), gt(ledgerEntries.at, new Date(now.getTime() - lookBackMs))))
    .orderBy(contacts.name, ledgerEntries.waId).limit(pairBudget);
  if (pairs.length === 0) return [];
  const views = await contactViews(db, profile, number, pairs, now);
  return views.flatMap((c) => risksOf(c, number, now.getTime())).sort((a, b) => order[a.kind] - order[b.kind] || a.contactName.localeCompare(b.contactName));
}

