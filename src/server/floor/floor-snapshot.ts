/**
 * `GET /api/floor`: the supervisor's whole picture at one instant. Live changes then arrive on the
 * event stream (`call.updated`, `call.ended`, `call.quality`, `agent.updated` to the floor audience).
 */
import { asc } from 'drizzle-orm';
import type { FloorNumber, FloorSnapshot } from '../../shared/floor-api.ts';
import { formatWaId } from '../../shared/phone-number.ts';
import { agentStatuses, toAgentSummary } from '../agents/agent-status.ts';
import { liveCallSummaries } from '../calls/call-repo.ts';
import type { ServerContext } from '../context.ts';
import { businessNumbers } from '../db/schema.ts';
import { numberStanding } from '../restrictions/number-standing.ts';
import { numberRisks } from './floor-risks.ts';
import { agentDay, dayFigures, startOfDay } from './floor-today.ts';

export async function floorSnapshot(ctx: ServerContext): Promise<FloorSnapshot> {
  const now = ctx.now();
  const since = startOfDay(now);
  const [live, statuses, perAgent, day, numbers] = await Promise.all([
    liveCallSummaries(ctx.db), agentStatuses(ctx.db, ctx.wallNow()), agentDay(ctx.db, since), dayFigures(ctx.db, since, now),
    ctx.db.select().from(businessNumbers).orderBy(asc(businessNumbers.label)),
  ]);
  const agents = [...statuses.values()].map((entry) => {
    const mine = perAgent.get(entry.user.id);
    return { ...toAgentSummary(entry), callsToday: mine?.calls ?? 0, handleSecondsToday: mine?.handleSeconds ?? 0 };
  }).sort((a, b) => a.displayName.localeCompare(b.displayName));
  const floorNumbers: FloorNumber[] = [];
  const risks: FloorSnapshot['risks'] = [];
  for (const n of numbers) {
    const [standing, numberRows] = await Promise.all([numberStanding(ctx.db, ctx.policy, n.id, now), numberRisks(ctx.db, ctx.policy, n, now)]);
    risks.push(...numberRows);
    const active = (d: string) => live.filter((c) => c.businessNumberId === n.id && c.direction === d).length;
    floorNumbers.push({
      businessNumberId: n.id, label: n.label, displayNumber: formatWaId(n.displayNumber),
      figures: day.byNumber.get(n.id) ?? emptyFigures,
      lowPickupWarning: standing.notices.some((x) => x.type === 'USER_INITIATED_CALLS_LOW_PICKUP_RATE'),
      restrictions: standing.notices.filter((x) => x.kind === 'restriction').map((x) => ({ type: x.type, until: x.until, pausesBusinessCalls: x.pausesBusinessCalls })),
      concurrency: {
        inbound: { active: active('user_initiated'), max: ctx.policy.concurrentCalls.inbound },
        outbound: { active: active('business_initiated'), max: ctx.policy.concurrentCalls.outbound },
      },
    });
  }
  return { serverNow: now.toISOString(), calls: live, agents, today: { since: since.toISOString(), numbers: floorNumbers, total: day.total }, risks };
}

const emptyFigures: FloorNumber['figures'] = {
  outbound: { placed: 0, answered: 0 }, inbound: { received: 0, answered: 0, missed: 0 },
  outboundPickupRate: null, inboundPickupRate: null, averageHandleSeconds: null, longestWaitSeconds: null,
};
