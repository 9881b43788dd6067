/**
 * Who a new inbound call rings: agents, and trainers who take calls, whose state is Available
 * (an open push channel, presence available, not on a call, not already ringing, not in after-call
 * work): one offer at a time per agent, as in an ACD.
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

export async function availableAgentIds(db: Db, wallNow: Date): Promise<string[]> {
  const statuses = await agentStatuses(db, wallNow);
  return [...statuses.values()].filter((s) => takesInboundCalls(s.status.state)).map((s) => s.user.id);
}
