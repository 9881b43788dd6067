/**
 * The call history a page at a time: newest first, keyset on (started_at, id), filtered on the
 * server by whose calls (the agent's own, or everyone's for supervisors and trainers), outcome,
 * direction, a name or number, and a time range.
 */
import { and, desc, eq, gte, ilike, like, lt, or, sql, type SQL } from 'drizzle-orm';
import type { CallPage, CallSummary } from '../../shared/agent-api.ts';
import type { Db } from '../db/open-db.ts';
import { calls, contacts } from '../db/schema.ts';
import { involves, summaryQuery, toSummary } from './call-repo.ts';

export interface CallPageFilter {
  /** Only calls this agent held, was rung for, or declined; everyone's when undefined. */
  agentId?: string;
  outcome?: CallSummary['outcome'] | 'nobody_available';
  direction?: CallSummary['direction'];
  q?: string;
  from?: string;
  to?: string;
  waId?: string;
  limit: number;
  after?: string;
}

const encode = (startedAt: Date, id: string) => Buffer.from(JSON.stringify([startedAt.toISOString(), id])).toString('base64url');
function decode(cursor: string | undefined): [Date, string] | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== 'string' || typeof v[1] !== 'string') return null;
    const at = new Date(v[0]);
    return Number.isNaN(at.getTime()) ? null : [at, v[1]];
  } catch {
    return null;
  }
}

/** A user-initiated call Ringside rejected because nobody could take it (shared/call-facts.ts `nobodyAvailable`). */
export const nobodyAvailableSql = sql`${calls.facts} @> '[{"kind":"agent_rejected","agentId":null}]'::jsonb`;

function search(q: string | undefined): SQL | undefined {
  const text = q?.trim();
  if (!text) return undefined;
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  const digits = text.replace(/\D/g, '');
  return or(ilike(contacts.name, `%${escaped}%`), digits.length >= 3 ? like(calls.waId, `%${digits}%`) : undefined, ilike(calls.notes, `%${escaped}%`));
}

function outcomeFilter(outcome: CallPageFilter['outcome']): SQL | undefined {
  if (!outcome) return undefined;
  if (outcome === 'nobody_available') return nobodyAvailableSql;
  if (outcome === 'missed') return and(eq(calls.outcome, 'missed'), sql`not (${nobodyAvailableSql})`);
  return eq(calls.outcome, outcome);
}

export async function callPage(db: Db, filter: CallPageFilter): Promise<CallPage> {
  const cursor = decode(filter.after);
  const where = and(
    filter.agentId ? involves(filter.agentId) : undefined,
    outcomeFilter(filter.outcome),
    filter.direction ? eq(calls.direction, filter.direction) : undefined,
    filter.waId ? eq(calls.waId, filter.waId) : undefined,
    search(filter.q),
    filter.from ? gte(calls.startedAt, new Date(filter.from)) : undefined,
    filter.to ? lt(calls.startedAt, new Date(filter.to)) : undefined,
    cursor ? or(lt(calls.startedAt, cursor[0]), and(eq(calls.startedAt, cursor[0]), lt(calls.id, cursor[1]))) : undefined,
  );
  const rows = await summaryQuery(db).where(where).orderBy(desc(calls.startedAt), desc(calls.id)).limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    calls: page.map((r) => toSummary(r.call, r.contactName, r.agentName)),
    next: rows.length > filter.limit && last ? encode(last.call.startedAt, last.call.id) : null,
  };
}
