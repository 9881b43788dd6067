/**
 * Reading calls as the agent API shows them, and the one ordering of server-side call statuses.
 */
import { desc, eq, ne, or, sql, type SQL } from 'drizzle-orm';
import type { CallStatus, CallSummary } from '../../shared/agent-api.ts';
import { displayCustomer } from '../../shared/phone-number.ts';
import type { Db } from '../db/open-db.ts';
import { calls, contacts, users } from '../db/schema.ts';

export type CallRow = typeof calls.$inferSelect;

/** Webhooks may arrive out of order; a call's status only ever moves forward along this order. */
const statusRank: Record<CallStatus, number> = { dialing: 0, connecting: 1, ringing: 2, accepting: 3, active: 4, ended: 5 };
export const isForward = (from: CallStatus, to: CallStatus) => statusRank[to] > statusRank[from];

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toSummary(row: CallRow, contactName: string | null, agentName: string | null): CallSummary {
  return {
    id: row.id,
    direction: row.direction,
    businessNumberId: row.businessNumberId,
    waId: row.waId,
    contactName: contactName ?? displayCustomer(row.waId),
    displayNumber: displayCustomer(row.waId),
    agentId: row.agentId,
    agentName,
    status: row.status,
    startedAt: row.startedAt.toISOString(),
    answeredAt: iso(row.answeredAt),
    endedAt: iso(row.endedAt),
    durationSeconds: row.durationSeconds,
    outcome: row.outcome,
    endMessage: row.endMessage,
    errorCode: row.errorCode,
    ringAgentIds: row.status === 'ringing' ? row.ringAgentIds : [],
    quality: row.quality ?? null,
    context: row.context ?? null,
    nobodyAvailable: row.facts.some((f) => f.kind === 'agent_rejected' && f.agentId === null),
    disposition: row.disposition,
    notes: row.notes,
  };
}

/** The calls an agent has to do with: held, rung for (including those another agent took), or declined. */
export const involves = (agentId: string): SQL =>
  or(eq(calls.agentId, agentId), sql`${agentId} = any(${calls.ringAgentIds})`, sql`${calls.facts} @> ${JSON.stringify([{ kind: 'agent_rejected', agentId }])}::jsonb`)!;

export const summaryQuery = (db: Db) =>
  db.select({ call: calls, contactName: contacts.name, agentName: users.displayName })
    .from(calls)
    .leftJoin(contacts, eq(contacts.waId, calls.waId))
    .leftJoin(users, eq(users.id, calls.agentId));

export async function loadSummary(db: Db, callId: string): Promise<CallSummary | null> {
  const [row] = await summaryQuery(db).where(eq(calls.id, callId));
  return row ? toSummary(row.call, row.contactName, row.agentName) : null;
}

/** Newest first; only the calls `agentId` has to do with, when given (call-pages.ts `involves`). */
export async function recentCalls(db: Db, limit: number, agentId?: string): Promise<CallSummary[]> {
  const query = summaryQuery(db);
  const rows = await (agentId ? query.where(involves(agentId)) : query).orderBy(desc(calls.startedAt)).limit(limit);
  return rows.map((r) => toSummary(r.call, r.contactName, r.agentName));
}

/** Every call ringing or in progress, oldest first (the supervisor's floor). */
export async function liveCallSummaries(db: Db): Promise<CallSummary[]> {
  const rows = await summaryQuery(db).where(ne(calls.status, 'ended')).orderBy(calls.startedAt);
  return rows.map((r) => toSummary(r.call, r.contactName, r.agentName));
}

export async function contactName(db: Db, waId: string): Promise<string> {
  const [row] = await db.select({ name: contacts.name }).from(contacts).where(eq(contacts.waId, waId));
  return row?.name ?? displayCustomer(waId);
}
