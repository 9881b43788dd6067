/**
 * The pair ledgers the shared policy reads. Appends are idempotent by entry id (a wamid or wacid),
 * so Meta's retried, duplicated and reordered webhooks never change a count.
 */
import { and, eq } from 'drizzle-orm';
import { ledgerEntrySchema, type LedgerEntry } from '../../shared/policy/ledger.ts';
import type { Db } from '../db/open-db.ts';
import { ledgerEntries } from '../db/schema.ts';

/** Appends an entry; false when the pair's ledger already holds that id. */
export async function appendLedger(db: Db, businessNumberId: string, waId: string, entry: LedgerEntry): Promise<boolean> {
  const rows = await db.insert(ledgerEntries)
    .values({ businessNumberId, waId, entryId: entry.id, type: entry.type, at: new Date(entry.at), entry })
    .onConflictDoNothing().returning({ id: ledgerEntries.entryId });
  return rows.length > 0;
}

export async function loadLedger(db: Db, businessNumberId: string, waId: string): Promise<LedgerEntry[]> {
  const rows = await db.select({ entry: ledgerEntries.entry }).from(ledgerEntries)
    .where(and(eq(ledgerEntries.businessNumberId, businessNumberId), eq(ledgerEntries.waId, waId)));
  return rows.map((r) => ledgerEntrySchema.parse(r.entry));
}
