/**
 * One customer's story with a business line, newest first: their calls (with outcomes, dispositions
 * and notes) and the permission facts of the pair's ledger (requests sent, grants, declines, revokes).
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { TimelineItem } from '../../shared/agent-api.ts';
import { ledgerEntrySchema } from '../../shared/policy/ledger.ts';
import type { Db } from '../db/open-db.ts';
import { calls, ledgerEntries } from '../db/schema.ts';
import { summaryQuery, toSummary } from './call-repo.ts';

const iso = (ms: number) => new Date(ms).toISOString();

export async function contactTimeline(db: Db, businessNumberId: string, waId: string, limit = 50): Promise<TimelineItem[]> {
  const [callRows, ledgerRows] = await Promise.all([
    summaryQuery(db).where(and(eq(calls.businessNumberId, businessNumberId), eq(calls.waId, waId))).orderBy(desc(calls.startedAt)).limit(limit),
    db.select({ entry: ledgerEntries.entry }).from(ledgerEntries)
      .where(and(eq(ledgerEntries.businessNumberId, businessNumberId), eq(ledgerEntries.waId, waId), inArray(ledgerEntries.type, ['permission_requested', 'permission_replied'])))
      .orderBy(desc(ledgerEntries.at)).limit(limit),
  ]);
  const items: TimelineItem[] = callRows.map((r) => ({ kind: 'call', at: r.call.startedAt.toISOString(), call: toSummary(r.call, r.contactName, r.agentName) }));
  for (const row of ledgerRows) {
    const parsed = ledgerEntrySchema.safeParse(row.entry);
    if (!parsed.success) continue;
    const e = parsed.data;
    if (e.type === 'permission_requested') items.push({ kind: 'request', at: iso(e.at), via: e.via });
    else if (e.type === 'permission_replied') {
      items.push({ kind: 'permission', at: iso(e.at), response: e.response, permanent: e.permanent, source: e.source, expiresAt: e.expiresAt ? iso(e.expiresAt) : null });
    }
  }
  return items.sort((a, b) => b.at.localeCompare(a.at)).slice(0, limit);
}
