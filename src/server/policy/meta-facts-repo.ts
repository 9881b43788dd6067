/**
 * WhatsApp's facts about each pair, as stored: the latest `call_permissions` answer (raw, so an
 * answer we cannot read is kept and shown as such) and the latest Graph refusal per action.
 * `shared/policy/meta-facts.ts` decides how long each one holds.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { pairRefusalCodes, type MetaAnswer, type MetaRefusalFact } from '../../shared/policy/meta-facts.ts';
import type { Db } from '../db/open-db.ts';
import { metaPermissionSnapshots, metaRefusals } from '../db/schema.ts';
import { readCallPermissions } from '../graph/call-permissions.ts';
import { reads } from '../db/reads.ts';

export interface PairFacts {
  answer: MetaAnswer | null;
  /** The latest answer, when we could not read it. */
  unreadable: { fetchedAt: Date; problem: string } | null;
  refusals: MetaRefusalFact[];
}

/** WhatsApp's facts for many pairs of one number, in two queries. */
export async function loadMetaFactsMany(db: Db, businessNumberId: string, waIds: readonly string[]): Promise<Map<string, PairFacts>> {
  const out = new Map<string, PairFacts>(waIds.map((w) => [w, { answer: null, unreadable: null, refusals: [] }]));
  if (waIds.length === 0) return out;
  const [snapshots, refusals] = await reads(db,
    () => db.select().from(metaPermissionSnapshots).where(and(eq(metaPermissionSnapshots.businessNumberId, businessNumberId), inArray(metaPermissionSnapshots.waId, [...waIds]))),
    () => db.select().from(metaRefusals).where(and(eq(metaRefusals.businessNumberId, businessNumberId), inArray(metaRefusals.waId, [...waIds]))),
  );
  for (const snapshot of snapshots) {
    const reading = readCallPermissions(snapshot.body, snapshot.fetchedAt.getTime());
    const facts = out.get(snapshot.waId)!;
    facts.answer = reading.readable ? reading.answer : null;
    facts.unreadable = reading.readable ? null : { fetchedAt: snapshot.fetchedAt, problem: reading.problem };
  }
  for (const r of refusals) out.get(r.waId)?.refusals.push({ at: r.at.getTime(), action: r.action, code: r.code, message: r.message });
  return out;
}

export async function loadMetaFacts(db: Db, businessNumberId: string, waId: string): Promise<PairFacts> {
  return (await loadMetaFactsMany(db, businessNumberId, [waId])).get(waId)!;
}

/** Keeps WhatsApp's answer as the pair's latest, as sent; an older answer never replaces a newer one. */
export async function keepAnswer(db: Db, businessNumberId: string, waId: string, fetchedAt: Date, body: unknown): Promise<void> {
  await db.insert(metaPermissionSnapshots).values({ businessNumberId, waId, fetchedAt, body })
    .onConflictDoUpdate({
      target: [metaPermissionSnapshots.businessNumberId, metaPermissionSnapshots.waId],
      set: { fetchedAt, body },
      setWhere: sql`${metaPermissionSnapshots.fetchedAt} <= ${fetchedAt}`,
    });
}

export interface RefusalInput {
  businessNumberId: string;
  waId: string;
  action: 'call' | 'request';
  code: number;
  message: string;
  at: Date;
}

/** Records a Graph refusal that says something about the pair; false for codes that do not (100, 138004…). */
export async function recordMetaRefusal(db: Db, input: RefusalInput): Promise<boolean> {
  if (!pairRefusalCodes.includes(input.code)) return false;
  const { businessNumberId, waId, action, code, message, at } = input;
  await db.insert(metaRefusals).values({ businessNumberId, waId, action, code, message, at })
    .onConflictDoUpdate({
      target: [metaRefusals.businessNumberId, metaRefusals.waId, metaRefusals.action],
      set: { code, message, at },
      setWhere: sql`${metaRefusals.at} <= ${at}`,
    });
  return true;
}
