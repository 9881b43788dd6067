/**
 * The pair ledgers the shared policy reads. Appends are idempotent by entry id (a wamid or wacid),
 * so Meta's retried, duplicated and reordered webhooks never change a count. Reads are bounded
 * (`shared/policy/ledger-bounds.ts`): the recent window plus the few older facts the rules need, for
 * a whole page of pairs in one statement, whatever the length of their history.
 */
import { and, eq, sql } from 'drizzle-orm';
import { boundedLedger, ledgerWindowMs } from '../../shared/policy/ledger-bounds.ts';
import { ledgerEntrySchema, type LedgerEntry } from '../../shared/policy/ledger.ts';
import type { PolicyProfile } from '../../shared/policy/profiles.ts';
import type { Db } from '../db/open-db.ts';
import { ledgerEntries } from '../db/schema.ts';

/** What the bounded reads select by: a call's direction, a reply's response. */
export function ledgerDetail(entry: LedgerEntry): string | null {
  return entry.type === 'call_connected' ? entry.direction : entry.type === 'permission_replied' ? entry.response : null;
}

/** Appends an entry; false when the pair's ledger already holds that id. */
export async function appendLedger(db: Db, businessNumberId: string, waId: string, entry: LedgerEntry): Promise<boolean> {
  const rows = await db.insert(ledgerEntries)
    .values({ businessNumberId, waId, entryId: entry.id, type: entry.type, detail: ledgerDetail(entry), at: new Date(entry.at), entry })
    .onConflictDoNothing().returning({ id: ledgerEntries.entryId });
  return rows.length > 0;
}

/** A pair's whole ledger (tests and tools; the policy reads `loadLedgers`). */
export async function loadLedger(db: Db, businessNumberId: string, waId: string): Promise<LedgerEntry[]> {
  const rows = await db.select({ entry: ledgerEntries.entry }).from(ledgerEntries)
    .where(and(eq(ledgerEntries.businessNumberId, businessNumberId), eq(ledgerEntries.waId, waId)));
  return rows.map((r) => ledgerEntrySchema.parse(r.entry));
}

/**
 * The policy's part of each pair's ledger at `now`, for many pairs at once. `since` per pair reaches
 * further back when a WhatsApp answer older than the window must be judged against later facts.
 * Selects a superset of `boundedLedger` with index range scans, then trims to exactly it.
 */
export async function loadLedgers(db: Db, profile: PolicyProfile, businessNumberId: string, waIds: readonly string[], now: Date, since: ReadonlyMap<string, number> = new Map()): Promise<Map<string, LedgerEntry[]>> {
  const out = new Map<string, LedgerEntry[]>(waIds.map((w) => [w, []]));
  if (waIds.length === 0) return out;
  const windowStart = now.getTime() - ledgerWindowMs(profile);
  const from = new Date(Math.min(windowStart, ...since.values()));
  const latest = (type: string, detail: string | null) => sql`(select x.at from ledger_entries x where x.business_number_id = ${businessNumberId} and x.wa_id = w.wa_id
    and x.type = ${type} ${detail === null ? sql`` : sql`and x.detail = ${detail}`} and x.at <= ${now} order by x.at desc limit 1)`;
  const rows = await db.execute<{ wa_id: string; entry: unknown }>(sql`
    with w(wa_id) as (select unnest(${sql.param([...waIds])}::text[])),
    marks as (
      select w.wa_id,
        ${latest('call_connected', 'business_initiated')} as last_bic,
        ${latest('permission_replied', 'accept')} as last_accept
      from w
    )
    select l.wa_id, l.entry from ledger_entries l join marks m on m.wa_id = l.wa_id
    where l.business_number_id = ${businessNumberId} and l.at <= ${now} and (
      l.at >= ${from}
      or l.type = 'permission_replied'
      or (l.type = 'call_unanswered' and l.at >= coalesce(greatest(m.last_bic, m.last_accept), '-infinity'::timestamptz))
    )
    union all
    select l.wa_id, l.entry from w cross join lateral (
      select x.wa_id, x.entry from ledger_entries x where x.business_number_id = ${businessNumberId} and x.wa_id = w.wa_id and x.type = 'call_connected' and x.at <= ${now} and x.at < ${from}
      order by x.at desc limit 1) l
    union all
    select l.wa_id, l.entry from w cross join lateral (
      select x.wa_id, x.entry from ledger_entries x where x.business_number_id = ${businessNumberId} and x.wa_id = w.wa_id and x.type = 'call_connected' and x.detail = 'business_initiated' and x.at <= ${now} and x.at < ${from}
      order by x.at desc limit 1) l
  `);
  const list = (rows as unknown as { rows: Array<{ wa_id: string; entry: unknown }> }).rows;
  const seen = new Set<string>();
  for (const row of list) {
    const entry = ledgerEntrySchema.parse(row.entry);
    const key = `${row.wa_id}\u0000${entry.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.get(row.wa_id)?.push(entry);
  }
  for (const [waId, entries] of out) out.set(waId, boundedLedger(entries, now.getTime(), profile, since.get(waId) ?? null));
  return out;
}
