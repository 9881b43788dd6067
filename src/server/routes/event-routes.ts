/**
 * The push channel: Server-Sent Events, one JSON `AgentEvent` per message. An open channel is
 * what "signed in" means for ringing: it heartbeats `seen_at` while open.
 */
import { and, eq, gt, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { AgentEvent } from '../../shared/agent-api.ts';
import { requireRole } from '../auth/sessions.ts';
import { calls, users } from '../db/schema.ts';
import { loadSummary } from '../calls/call-repo.ts';
import { unansweredCallLifetimeMs } from '../calls/ring-targets.ts';
import type { ServerContext } from '../context.ts';
import type { AgentHub } from '../events/agent-hub.ts';

const heartbeatMs = 20_000;

async function ringingFor(ctx: ServerContext, userId: string): Promise<AgentEvent[]> {
  const rows = await ctx.db.select({ id: calls.id, offerSdp: calls.offerSdp }).from(calls)
    .where(and(eq(calls.status, 'ringing'), eq(calls.direction, 'user_initiated'), sql`${userId} = any(${calls.ringAgentIds})`,
      gt(calls.startedAt, new Date(ctx.now().getTime() - unansweredCallLifetimeMs))));
  const events: AgentEvent[] = [];
  for (const row of rows) {
    const summary = await loadSummary(ctx.db, row.id);
    if (summary && row.offerSdp) events.push({ type: 'call.incoming', call: summary, offerSdp: row.offerSdp });
  }
  return events;
}

export function eventRoutes(app: FastifyInstance, ctx: ServerContext, hub: AgentHub) {
  app.get('/api/events', { preHandler: requireRole('agent', 'supervisor', 'trainer') }, async (request, reply) => {
    const me = request.user!;
    const touch = (seenAt: Date | null) => ctx.db.update(users).set({ seenAt }).where(eq(users.id, me.id));
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    const send = (event: AgentEvent) => res.write(`data: ${JSON.stringify(event)}\n\n`);
    res.write('retry: 2000\n\n');
    const remove = hub.add({ userId: me.id, send });
    await touch(ctx.now());
    send({ type: 'hello', me });
    // After a reconnect, calls still ringing this agent ring again.
    for (const ringing of await ringingFor(ctx, me.id)) send(ringing);
    const beat = setInterval(() => {
      res.write(': keep-alive\n\n');
      void touch(ctx.now()).catch((err) => ctx.log.error(err));
    }, heartbeatMs);
    request.raw.on('close', () => {
      clearInterval(beat);
      remove();
      if (!hub.connectedUserIds().has(me.id)) void touch(null).catch((err) => ctx.log.error(err));
    });
  });
}
