/**
 * Who a new inbound call rings: agents, and trainers who take calls, whose state is Available
 * (an open push channel, presence available, not on a call, not already ringing, not in after-call
 * work): one offer at a time per agent, a few agents per call, as in an ACD.
 */
import { takesInboundCalls } from '../../shared/agent-state.ts';
import { agentStatuses } from '../agents/agent-status.ts';
import type { Db } from '../db/open-db.ts';

/**
 * Meta gives up on an unanswered call within about a minute (reference §3.2, §12.7); a call still
 * unanswered after this long lost its terminate webhook and must not block or ring anyone.
 */
export const unansweredCallLifetimeMs = 120_000;

/** Live statuses that make an agent busy. */
export const liveStatuses = ['dialing', 'connecting', 'ringing', 'accepting', 'active'] as const;

/**
 * The agents a new inbound call rings: Available ones, longest available first (as an ACD routes),
 * at most `limit` (RING_AT_ONCE), leaving out `except` (agents who already declined it). The rest
 * stay free for the next customer, so calls arriving together ring different agents.
 */
export async function ringTargets(db: Db, wallNow: Date, limit: number, except: readonly string[] = []): Promise<string[]> {
  const statuses = await agentStatuses(db, wallNow);
  return [...statuses.values()]
    .filter((s) => takesInboundCalls(s.status.state) && !except.includes(s.user.id))
    .sort((a, b) => a.status.since.localeCompare(b.status.since) || a.user.id.localeCompare(b.user.id))
    .slice(0, limit)
    .map((s) => s.user.id);
}
