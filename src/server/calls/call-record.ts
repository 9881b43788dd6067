/**
 * The one place a call's facts change. Whoever learns something about a call (a webhook, an
 * agent's action at Meta, the liveness rule) records it here, inside a transaction holding the
 * call's lock: the facts merge (shared/call-facts.ts), the columns derive from them, the pair's
 * ledger follows the merged outcome, and agents hear about what changed.
 */
import { and, eq, sql } from 'drizzle-orm';
import { addFact, deriveCallRecord, mergeFacts, type CallFact } from '../../shared/call-facts.ts';
import type { Db } from '../db/open-db.ts';
import { calls, ledgerEntries, users } from '../db/schema.ts';
import type { Publish } from '../events/event-bus.ts';
import type { ServerContext } from '../context.ts';
import { publishAgents } from '../agents/agent-status.ts';
import { contactName, loadSummary, type CallRow } from './call-repo.ts';
import { ledgerDetail } from '../policy/ledger-repo.ts';
import { describeCallEnd } from './outcome.ts';
import { endMonitoringOf } from '../monitor/monitor-legs.ts';

/** The agents who follow a live call: its agent once someone holds it, else the agents it rings. */
export function callAudience(call: Pick<CallRow, 'agentId' | 'ringAgentIds'>) {
  return { kind: 'users' as const, userIds: call.agentId ? [call.agentId] : [...call.ringAgentIds] };
}
export const floorAudience = { kind: 'roles' as const, roles: ['supervisor' as const, 'trainer' as const] };

/** Tells the call's agents and the floor what the call looks like now. */
export async function publishCall(tx: Db, call: CallRow, publish: Publish): Promise<void> {
  const summary = await loadSummary(tx, call.id);
  if (!summary) return;
  if (summary.status === 'ended') {
    // Its agents (those who declined it too: their history shows how it ended) and the floor;
    // everyone else hears of the pair's change through contact.updated.
    const { userIds } = callAudience(call);
    publish({ kind: 'users', userIds: [...new Set([...userIds, ...call.declinedAgentIds])] }, { type: 'call.ended', call: summary });
    publish(floorAudience, { type: 'call.ended', call: summary });
    // Ending the call ends every monitoring leg on it (the pages close their peers on call.ended too).
    await endMonitoringOf(tx, call.id, publish, new Date());
    return;
  }
  publish(callAudience(call), { type: 'call.updated', call: summary });
  publish(floorAudience, { type: 'call.updated', call: summary });
}

/**
 * What the call leaves in the pair's ledger, keyed by the call id: written, rewritten (a late
 * ACCEPTED turns "unanswered" into "connected") or removed as the merged record says.
 * Returns whether the ledger changed.
 */
async function syncLedger(tx: Db, call: CallRow, entry: ReturnType<typeof deriveCallRecord>['ledger'], before: ReturnType<typeof deriveCallRecord>['ledger']): Promise<boolean> {
  const key = and(eq(ledgerEntries.businessNumberId, call.businessNumberId), eq(ledgerEntries.waId, call.waId), eq(ledgerEntries.entryId, call.id));
  if (!entry && !before) return false; // nothing was written for this call, and nothing is to be (a ringing call)
  if (!entry) return (await tx.delete(ledgerEntries).where(key).returning({ id: ledgerEntries.entryId })).length > 0;
  const value = entry.type === 'call_connected'
    ? { type: entry.type, id: call.id, at: entry.at, direction: entry.direction }
    : { type: entry.type, id: call.id, at: entry.at };
  const detail = ledgerDetail(value);
  const at = new Date(value.at);
  // One statement: written when new or different, untouched (and no row back) when the same.
  const written = await tx.insert(ledgerEntries).values({ businessNumberId: call.businessNumberId, waId: call.waId, entryId: call.id, type: value.type, detail, at, entry: value })
    .onConflictDoUpdate({
      target: [ledgerEntries.businessNumberId, ledgerEntries.waId, ledgerEntries.entryId], set: { type: value.type, detail, at, entry: value },
      setWhere: sql`(${ledgerEntries.type}, ${ledgerEntries.at}) is distinct from (${value.type}::text, ${at.toISOString()}::timestamptz)`,
    }).returning({ id: ledgerEntries.entryId });
  return written.length > 0;
}

export interface Recorded {
  call: CallRow;
  /** The fact was new (not a repeat). */
  changed: boolean;
}

/** What recording a fact needs from the server: this machine's clock and the after-call work length. */
export type RecordContext = Pick<ServerContext, 'wallNow' | 'wrapUpMs'>;

/**
 * Merges `fact` into the call (locked by the caller), derives its record, and publishes what
 * changed. When the call ends, its agent's after-call work begins.
 */
export async function recordFact(tx: Db, ctx: RecordContext, call: CallRow, fact: CallFact, publish: Publish): Promise<Recorded> {
  const merged = addFact(call.facts, fact);
  if (!merged.changed) return { call, changed: false };
  const record = deriveCallRecord(call.direction, merged.facts);
  // An agent's claim of a ringing inbound call is not a fact from Meta: keep it until Meta's answer.
  const status: CallRow['status'] = record.status === 'ringing' && call.status === 'accepting' ? 'accepting' : record.status;
  const f = mergeFacts(merged.facts);
  const terminate = f.get('terminate');
  const local = f.get('ended_locally');
  const failure = (terminate?.kind === 'terminate' ? terminate.error?.message : null) ?? (local?.kind === 'ended_locally' ? local.message : null);
  const fields = {
    facts: merged.facts,
    status,
    answeredAt: record.answeredAt === null ? null : new Date(record.answeredAt),
    endedAt: record.endedAt === null ? null : new Date(record.endedAt),
    durationSeconds: record.durationSeconds,
    outcome: record.outcome,
    errorCode: record.errorCode,
    localReason: record.localReason,
    // The customer's name is read only when there is a sentence to write.
    endMessage: record.outcome === null ? null : describeCallEnd(record, call.direction, await contactName(tx, call.waId), failure),
  };
  await tx.update(calls).set(fields).where(eq(calls.id, call.id));
  const next: CallRow = { ...call, ...fields };
  if (await syncLedger(tx, next, record.ledger, deriveCallRecord(call.direction, call.facts).ledger)) {
    publish({ kind: 'all' }, { type: 'contact.updated', waId: call.waId, businessNumberId: call.businessNumberId });
  }
  if (next.status !== call.status || next.outcome !== call.outcome) await publishCall(tx, next, publish);
  if (next.status !== call.status) {
    if (next.status === 'ended' && call.agentId) {
      await tx.update(users).set({ wrapUpUntil: new Date(ctx.wallNow().getTime() + ctx.wrapUpMs) }).where(eq(users.id, call.agentId));
    }
    await publishAgents(tx, ctx, publish, [...(call.agentId ? [call.agentId] : []), ...call.ringAgentIds]);
  }
  return { call: next, changed: true };
}

/** The call row, locked for this transaction (the caller holds the call's advisory lock). */
export async function lockedCall(tx: Db, callId: string): Promise<CallRow | undefined> {
  return (await tx.select().from(calls).where(eq(calls.id, callId)).for('update'))[0];
}
