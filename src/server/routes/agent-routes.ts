/**
 * An agent's own state: Available or Away (with a reason), the end of after-call work ("Ready
 * now", "Extend"), and the call-quality samples the browser measures. Supervisors have no
 * presence: they never take calls.
 */
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { extendWrapUpSchema, meSchema, okSchema, qualitySampleSchema, setPresenceSchema } from '../../shared/agent-api.ts';
import { foldQuality } from '../../shared/call-quality.ts';
import { AppError } from '../../shared/errors.ts';
import type { ApiRoute } from '../../shared/openapi.ts';
import { publishAgents } from '../agents/agent-status.ts';
import { meOf } from '../agents/me.ts';
import { requireRole } from '../auth/sessions.ts';
import { floorAudience } from '../calls/call-record.ts';
import { offerWaitingCalls } from '../calls/queue.ts';
import type { ServerContext } from '../context.ts';
import { callSubject, lockSubject } from '../db/locks.ts';
import { calls, users } from '../db/schema.ts';
import { parseInput } from './parse.ts';

export const agentApi: ApiRoute[] = [
  { method: 'put', path: '/api/me/presence', summary: 'Available for inbound calls, or away with a reason (break, lunch, training, other)', tags: ['agent'], body: setPresenceSchema, response: meSchema },
  { method: 'post', path: '/api/me/ready', summary: 'End after-call work now ("Ready now")', tags: ['agent'], response: meSchema },
  { method: 'post', path: '/api/me/wrap-up', summary: 'Extend after-call work by some seconds', tags: ['agent'], body: extendWrapUpSchema, response: meSchema },
  { method: 'post', path: '/api/calls/{id}/quality', summary: "A getStats sample of the agent's call (RTT, jitter, loss, MOS), kept as last/worst/average and shown on the floor", tags: ['calls'], body: qualitySampleSchema, response: okSchema, errors: { 403: 'Not your call' } },
];

type IdParams = { Params: { id: string } };

export function agentRoutes(app: FastifyInstance, ctx: ServerContext) {
  const callers = requireRole('agent', 'trainer');

  /** Applies a change to the agent's own row, tells the floor, and offers waiting calls if she became available. */
  async function update(userId: string, set: Partial<typeof users.$inferInsert>) {
    await ctx.bus.transaction(async (tx, publish) => {
      await tx.update(users).set(set).where(eq(users.id, userId));
      await publishAgents(tx, ctx, publish, [userId]);
    });
    await offerWaitingCalls(ctx);
  }

  app.put('/api/me/presence', { preHandler: callers }, async (request) => {
    const { presence, awayReason } = parseInput(setPresenceSchema, request.body);
    await update(request.user!.id, { presence, awayReason: presence === 'away' ? awayReason ?? 'other' : null, presenceSince: ctx.wallNow() });
    return meOf(ctx, { ...request.user!, presence });
  });

  app.post('/api/me/ready', { preHandler: callers }, async (request) => {
    await update(request.user!.id, { wrapUpUntil: null });
    return meOf(ctx, request.user!);
  });

  app.post('/api/me/wrap-up', { preHandler: callers }, async (request) => {
    const { seconds } = parseInput(extendWrapUpSchema, request.body ?? {});
    const from = sql`greatest(coalesce(${users.wrapUpUntil}, ${ctx.wallNow()}), ${ctx.wallNow()})`;
    await update(request.user!.id, { wrapUpUntil: sql`${from} + make_interval(secs => ${seconds})` as unknown as Date });
    return meOf(ctx, request.user!);
  });

  app.post<IdParams>('/api/calls/:id/quality', { preHandler: callers }, async (request) => {
    const sample = parseInput(qualitySampleSchema, request.body);
    const me = request.user!;
    await ctx.bus.transaction(async (tx, publish) => {
      await lockSubject(tx, callSubject(request.params.id));
      const [call] = await tx.select({ agentId: calls.agentId, status: calls.status, quality: calls.quality }).from(calls).where(eq(calls.id, request.params.id));
      if (!call) throw new AppError({ code: 'not_found', message: 'No such call.' });
      if (call.agentId !== me.id) throw new AppError({ code: 'forbidden', message: 'This is not your call.' });
      if (call.status === 'ended') return;
      const quality = foldQuality(call.quality ?? null, sample, ctx.wallNow());
      await tx.update(calls).set({ quality }).where(eq(calls.id, request.params.id));
      publish(floorAudience, { type: 'call.quality', callId: request.params.id, quality });
      publish({ kind: 'users', userIds: [me.id] }, { type: 'call.quality', callId: request.params.id, quality });
    });
    return { ok: true as const };
  });
}
