/**
 * Who a new inbound call rings: agents, and trainers who take calls, whose state is Available
 * (an open push channel, presence available, not on a call, not already ringing, not in after-call
 * work): one offer at a time per agent, a few agents per call, as in an ACD.
 */
import { sql } from 'drizzle-orm';
import { takesInboundCalls } from '../../shared/agent-state.ts';
import { agentStatuses, callTakingRoles } from '../agents/agent-status.ts';
import { lockSubject, routingSubject } from '../db/locks.ts';
import type { Db } from '../db/open-db.ts';
import { onlineWindowMs } from '../events/agent-streams.ts';

/**
 * Meta gives up on an unanswered call within about a minute (reference §3.2, §12.7); a call still
 * unanswered after this long lost its terminate webhook and must not block or ring anyone.
 */
export const unansweredCallLifetimeMs = 120_000;

/** Live statuses that make an agent busy. */
export const liveStatuses = ['dialing', 'connecting', 'ringing', 'accepting', 'active'] as const;

/**
 * Agents who may be Available, longest first: the state's necessary conditions in one set-based
 * query (presence, after-call work over, an open channel, no live call held or ringing), so a floor
 * of thousands is narrowed in the database. The state itself is derived by the one rule below.
 */
async function candidates(db: Db, wallNow: Date, limit: number, except: readonly string[]): Promise<string[]> {
  const fresh = new Date(wallNow.getTime() - onlineWindowMs);
  // Online and free by presence first (materialised), so live calls are read only when someone is.
  const result = await db.execute<{ id: string }>(sql`
    with online as materialized (
      select u.id, greatest(u.presence_since, o.opened) as since from users u
      cross join lateral (select max(s.opened_at) as opened from agent_streams s where s.user_id = u.id and s.closed_at is null and s.seen_at > ${fresh}) o
      where u.role in (${sql.join(callTakingRoles.map((r) => sql`${r}`), sql`, `)}) and u.presence = 'available'
        and (u.wrap_up_until is null or u.wrap_up_until <= ${wallNow})
        and o.opened is not null
        and not (u.id = any(${sql.param([...except])}::text[]))
    )
    select online.id from online
    where online.id not in (
      select c.agent_id from calls c where c.status <> 'ended' and c.agent_id is not null
      union all
      select unnest(c.ring_agent_ids) from calls c where c.status <> 'ended' and c.agent_id is null)
    order by online.since, online.id
    limit ${limit}`);
  return (result as unknown as { rows: Array<{ id: string }> }).rows.map((r) => r.id);
}

/**
 * The agents a new inbound call rings: Available ones, longest available first (as an ACD routes),
 * at most `limit` (RING_AT_ONCE), leaving out `except` (agents who already declined it). The rest
 * stay free for the next customer, so calls arriving together ring different agents. Call it in
 * the transaction that records the offer.
 */
export async function ringTargets(tx: Db, wallNow: Date, limit: number, except: readonly string[] = []): Promise<string[]> {
  // Nobody who could take it: the call waits, and whoever turns Available is offered it (queue.ts).
  // Calls arriving while nobody is free are not serialised behind one another.
  if ((await candidates(tx, wallNow, 1, except)).length === 0) return [];
  // Until this transaction commits, no other call can pick the same agents: one offer at a time each.
  await lockSubject(tx, routingSubject);
  const ids = await candidates(tx, wallNow, limit, except);
  if (ids.length === 0) return [];
  const statuses = await agentStatuses(tx, wallNow, ids);
  return [...statuses.values()]
    .filter((s) => takesInboundCalls(s.status.state))
    .sort((a, b) => a.status.since.localeCompare(b.status.since) || a.user.id.localeCompare(b.user.id))
    .map((s) => s.user.id);
}
