/**
 * The push channel: Server-Sent Events, one JSON `AgentEvent` per message, each with the id of its
 * outbox row. A channel that reconnects with `Last-Event-ID` first gets what it missed. An open
 * channel is what "signed in" means for ringing and for holding a call: it has a row in
 * `agent_streams`, touched every heartbeat, on whichever instance serves it.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { AgentEvent } from '../../shared/agent-api.ts';
import { requireRole } from '../auth/sessions.ts';
import { calls } from '../db/schema.ts';
import { meOf } from '../agents/me.ts';
import { publishAgents } from '../agents/agent-status.ts';
import { loadSummary } from '../calls/call-repo.ts';
import { offerWaitingCalls, waitingCount } from '../calls/queue.ts';
import type { ServerContext } from '../context.ts';
import { frame, reaches, type AgentHub } from '../events/agent-hub.ts';
import { closeStream, heartbeatMs, openStream, touchStreams } from '../events/agent-streams.ts';

async function ringingFor(ctx: ServerContext, userId: string): Promise<AgentEvent[]> {
  const rows = await ctx.db.select({ id: calls.id, offerSdp: calls.offerSdp }).from(calls)
    .where(and(eq(calls.status, 'ringing'), eq(calls.direction, 'user_initiated'), sql`${userId} = any(${calls.ringAgentIds})`));
  const events: AgentEvent[] = [];
  for (const row of rows) {
    const summary = await loadSummary(ctx.db, row.id);
    if (summary && row.offerSdp) events.push({ type: 'call.incoming', call: summary, offerSdp: row.offerSdp });
  }
  return events;
}

/** A channel opened or closed: the floor hears the agent's state, and an agent now available is offered waiting calls. */
async function announcePresence(ctx: ServerContext, userId: string): Promise<void> {
  await ctx.bus.transaction(async (tx, publish) => publishAgents(tx, ctx, publish, [userId]));
  await offerWaitingCalls(ctx);
}

export function eventRoutes(app: FastifyInstance, ctx: ServerContext, hub: AgentHub, instanceId: string) {
  app.get('/api/events', { preHandler: requireRole('agent', 'supervisor', 'trainer') }, async (request, reply) => {
    const me = request.user!;
    const lastSeen = Number(request.headers['last-event-id']);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    const send = (id: number | null, event: AgentEvent) => res.write(frame(id, event));
    res.write('retry: 2000\n\n');
    const remove = hub.add({ userId: me.id, role: me.role, write: (frames) => res.write(frames) });
    const streamId = await openStream(ctx.db, me.id, instanceId, ctx.wallNow());
    send(null, { type: 'hello', me: await meOf(ctx, me) });
    send(null, { type: 'queue.updated', waiting: await waitingCount(ctx) });
    await announcePresence(ctx, me.id);
    if (Number.isSafeInteger(lastSeen) && lastSeen > 0) {
      for (const m of await ctx.bus.since(lastSeen)) if (reaches(m.to, { userId: me.id, role: me.role })) send(m.id, m.event);
    }
    // After a reconnect, calls still ringing this agent ring again.
    for (const ringing of await ringingFor(ctx, me.id)) send(null, ringing);
    const beat = setInterval(() => {
      res.write(': keep-alive\n\n');
      void touchStreams(ctx.db, [streamId], ctx.wallNow()).catch((err) => ctx.log.error(err));
    }, heartbeatMs);
    request.raw.on('close', () => {
      clearInterval(beat);
      remove();
      void closeStream(ctx.db, streamId, ctx.wallNow()).then(() => announcePresence(ctx, me.id)).catch((err) => ctx.log.error(err));
    });
  });
}
