/**
 * What each agent (and each trainer, who can take calls too) is doing, derived once for the
 * softphone, the supervisor's floor and the trainer's classroom (`shared/agent-state.ts`): an open
 * push channel, the chosen presence, the calls held or ringing, the after-call work window.
 */
import { and, inArray, ne, or, sql } from 'drizzle-orm';
import type { AgentSummary } from '../../shared/agent-api.ts';
import { deriveAgentState, type AgentState, type AgentStatus } from '../../shared/agent-state.ts';
import type { ServerContext } from '../context.ts';
import type { Db } from '../db/open-db.ts';
import { agentStreams, calls, users } from '../db/schema.ts';
import type { Publish } from '../events/event-bus.ts';
import { onlineWindowMs } from '../events/agent-streams.ts';
import { reads } from '../db/reads.ts';

/** Roles that take calls and therefore have a state. */
export const callTakingRoles = ['agent', 'trainer'] as const;

type UserRow = Pick<typeof users.$inferSelect, 'id' | 'displayName' | 'role' | 'presence' | 'awayReason' | 'presenceSince' | 'wrapUpUntil'>;

const latest = (...times: Array<Date | null | undefined>) => new Date(Math.max(...times.filter((t): t is Date => !!t).map((t) => t.getTime()), 0));

/** Statuses of `userIds` (default: everyone who takes calls), keyed by user id. */
export async function agentStatuses(db: Db, wallNow: Date, userIds?: readonly string[]): Promise<Map<string, { user: UserRow; status: AgentStatus }>> {
  const who = userIds ? inArray(users.id, [...userIds]) : inArray(users.role, [...callTakingRoles]);
  const rows: UserRow[] = await db.select({
    id: users.id, displayName: users.displayName, role: users.role, presence: users.presence, awayReason: users.awayReason,
    presenceSince: users.presenceSince, wrapUpUntil: users.wrapUpUntil,
  }).from(users).where(who);
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return new Map();
  const [streams, live] = await reads(db,
    () => db.select({ userId: agentStreams.userId, openedAt: agentStreams.openedAt, seenAt: agentStreams.seenAt, closedAt: agentStreams.closedAt }).from(agentStreams).where(inArray(agentStreams.userId, ids)),
    // Only the live calls these users hold or are rung for (the partial index on live calls serves it).
    () => db.select({ agentId: calls.agentId, ringAgentIds: calls.ringAgentIds, startedAt: calls.startedAt, answeredAt: calls.answeredAt }).from(calls)
      .where(and(ne(calls.status, 'ended'), or(inArray(calls.agentId, ids), sql`${calls.ringAgentIds} && ${sql.param(ids)}::text[]`))),
  );
  const fresh = wallNow.getTime() - onlineWindowMs;
  // Indexed once: a floor of thousands of agents and calls stays linear.
  const streamsOf = new Map<string, typeof streams>();
  for (const s of streams) {
    const list = streamsOf.get(s.userId);
    if (list) list.push(s);
    else streamsOf.set(s.userId, [s]);
  }
  const heldBy = new Map<string, (typeof live)[number]>();
  const rungFor = new Map<string, (typeof live)[number]>();
  for (const c of live) {
    if (c.agentId !== null) { if (!heldBy.has(c.agentId)) heldBy.set(c.agentId, c); continue; }
    for (const id of c.ringAgentIds) if (!rungFor.has(id)) rungFor.set(id, c);
  }
  const out = new Map<string, { user: UserRow; status: AgentStatus }>();
  for (const user of rows) {
    const mine = streamsOf.get(user.id) ?? [];
    const open = mine.filter((s) => s.closedAt === null && s.seenAt.getTime() > fresh);
    const held = heldBy.get(user.id);
    const rung = rungFor.get(user.id);
    const wrapUpUntil = user.wrapUpUntil?.getTime() ?? null;
    const state: AgentState = deriveAgentState({
      online: open.length > 0, presence: user.presence, onCall: !!held, ringing: !!rung, wrapUpUntil, now: wallNow.getTime(),
    });
    // When the state began, from the facts behind it (approximate for states we do not stamp).
    const since = state === 'offline' ? latest(...mine.map((s) => s.closedAt ?? s.seenAt))
      : state === 'on_call' ? latest(held?.answeredAt ?? held?.startedAt)
        : state === 'ringing' ? latest(rung?.startedAt)
          : state === 'wrap_up' ? new Date(wrapUpUntil!) // shown as "until"; the start is not kept
            : latest(user.presenceSince, ...open.map((s) => s.openedAt));
    out.set(user.id, {
      user,
      status: {
        state, since: since.toISOString(), awayReason: state === 'away' ? user.awayReason ?? null : null,
        wrapUpUntil: state === 'wrap_up' && user.wrapUpUntil ? user.wrapUpUntil.toISOString() : null,
      },
    });
  }
  return out;
}

export function toAgentSummary(entry: { user: UserRow; status: AgentStatus }): AgentSummary {
  return { id: entry.user.id, displayName: entry.user.displayName, role: entry.user.role, status: entry.status };
}

/** Tells the agents concerned, and the floor, what they are doing now. */
export async function publishAgents(tx: Db, ctx: Pick<ServerContext, 'wallNow'>, publish: Publish, userIds: readonly string[]): Promise<void> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return;
  for (const entry of (await agentStatuses(tx, ctx.wallNow(), ids)).values()) {
    if (!callTakingRoles.includes(entry.user.role as (typeof callTakingRoles)[number])) continue;
    const agent = toAgentSummary(entry);
    publish({ kind: 'users', userIds: [agent.id] }, { type: 'agent.updated', agent });
    publish({ kind: 'roles', roles: ['supervisor', 'trainer'] }, { type: 'agent.updated', agent });
  }
}
