/**
 * What an agent sees about a contact before dialing: our estimate from the pair's ledger through
 * the shared policy (the only place the rules live), the badge derived from it, Meta's own answer
 * when we asked, and the customer-service window.
 */
import { and, desc, eq, gt, inArray, ne, or, sql } from 'drizzle-orm';
import type { Contact, MetaPermissionView } from '../../shared/agent-api.ts';
import { callPermissionsResponseSchema } from '../../shared/meta-api.ts';
import { countryOf, displayCustomer } from '../../shared/phone-number.ts';
import { agentPermissionStatus, type Eligibility } from '../../shared/policy/eligibility.ts';
import { evaluatePair } from '../../shared/policy/evaluate.ts';
import type { PolicyProfile } from '../../shared/policy/profiles.ts';
import type { Db } from '../db/open-db.ts';
import { businessNumbers, calls, metaPermissionSnapshots } from '../db/schema.ts';
import { unansweredCallLifetimeMs } from '../calls/ring-targets.ts';
import { loadLedger } from './ledger-repo.ts';

export type BusinessNumberRow = typeof businessNumbers.$inferSelect;

/** The customer-service window lasts 24 h from the customer's last call or pickup (reference §5). */
const serviceWindowMs = 24 * 3600 * 1000;

async function activeCalls(db: Db, businessNumberId: string, now: Date) {
  const rows = await db.select({ direction: calls.direction, n: sql<number>`count(*)::int` }).from(calls)
    .where(and(eq(calls.businessNumberId, businessNumberId), ne(calls.status, 'ended'),
      or(inArray(calls.status, ['accepting', 'active']), gt(calls.startedAt, new Date(now.getTime() - unansweredCallLifetimeMs)))))
    .groupBy(calls.direction);
  const of = (d: string) => rows.find((r) => r.direction === d)?.n ?? 0;
  return { inbound: of('user_initiated'), outbound: of('business_initiated') };
}

async function serviceWindowOpenUntil(db: Db, businessNumberId: string, waId: string): Promise<number | null> {
  const [row] = await db.select({
    last: sql<Date | null>`max(case when ${calls.direction} = 'user_initiated' then ${calls.startedAt} else ${calls.answeredAt} end)`,
  }).from(calls).where(and(eq(calls.businessNumberId, businessNumberId), eq(calls.waId, waId)));
  const last = row?.last ? new Date(row.last).getTime() : null;
  return last === null ? null : last + serviceWindowMs;
}

export async function pairEligibility(db: Db, profile: PolicyProfile, number: BusinessNumberRow, waId: string, now: Date): Promise<{ eligibility: Eligibility; serviceWindowOpenUntil: number | null }> {
  const [ledger, active, window] = await Promise.all([loadLedger(db, number.id, waId), activeCalls(db, number.id, now), serviceWindowOpenUntil(db, number.id, waId)]);
  const eligibility = evaluatePair({
    ledger, now: now.getTime(), profile, tier: number.profile, businessWaId: number.displayNumber, callingEnabled: true,
    activeCalls: active, serviceWindowOpenUntil: window,
  });
  return { eligibility, serviceWindowOpenUntil: window };
}

function metaView(fetchedAt: Date, body: unknown): MetaPermissionView | null {
  const parsed = callPermissionsResponseSchema.safeParse(body);
  if (!parsed.success) return null;
  const iso = (seconds: number | undefined) => (seconds ? new Date(seconds * 1000).toISOString() : null);
  const start = parsed.data.actions.find((a) => a.action_name === 'start_call');
  const request = parsed.data.actions.find((a) => a.action_name === 'send_call_permission_request');
  const callLimit = start?.limits.find((l) => l.time_period === 'PT24H');
  return {
    fetchedAt: fetchedAt.toISOString(), status: parsed.data.permission.status, expiresAt: iso(parsed.data.permission.expiration_time),
    canCall: start?.can_perform_action ?? false, canRequest: request?.can_perform_action ?? false,
    callsUsed: callLimit?.current_usage ?? null, callsMax: callLimit?.max_allowed ?? null, callLimitResetsAt: iso(callLimit?.limit_expiration_time),
  };
}

export async function contactView(db: Db, profile: PolicyProfile, number: BusinessNumberRow, contact: { waId: string; name: string }, now: Date): Promise<Contact> {
  const [{ eligibility, serviceWindowOpenUntil: window }, [snapshot]] = await Promise.all([
    pairEligibility(db, profile, number, contact.waId, now),
    db.select().from(metaPermissionSnapshots).where(and(eq(metaPermissionSnapshots.businessNumberId, number.id), eq(metaPermissionSnapshots.waId, contact.waId))),
  ]);
  const permission = eligibility.permission;
  return {
    waId: contact.waId, name: contact.name, displayNumber: displayCustomer(contact.waId), country: countryOf(contact.waId),
    permission: {
      status: agentPermissionStatus(permission),
      expiresAt: permission.expiresAt ? new Date(permission.expiresAt).toISOString() : null,
      updatedAt: permission.grantedAt ? new Date(permission.grantedAt).toISOString() : null,
    },
    eligibility,
    meta: snapshot ? metaView(snapshot.fetchedAt, snapshot.body) : null,
    serviceWindowOpenUntil: window === null ? null : new Date(window).toISOString(),
  };
}

export async function loadNumber(db: Db, id: string): Promise<BusinessNumberRow | undefined> {
  return (await db.select().from(businessNumbers).where(eq(businessNumbers.id, id)))[0];
}

/** Meta's snapshot counts as current for this long when it disagrees with our estimate at dial time. */
export const metaSnapshotFreshMs = 60_000;

export async function freshMetaCanCall(db: Db, businessNumberId: string, waId: string, now: Date): Promise<boolean | null> {
  const [snapshot] = await db.select().from(metaPermissionSnapshots)
    .where(and(eq(metaPermissionSnapshots.businessNumberId, businessNumberId), eq(metaPermissionSnapshots.waId, waId)))
    .orderBy(desc(metaPermissionSnapshots.fetchedAt));
  if (!snapshot || now.getTime() - snapshot.fetchedAt.getTime() > metaSnapshotFreshMs) return null;
  return metaView(snapshot.fetchedAt, snapshot.body)?.canCall ?? null;
}
