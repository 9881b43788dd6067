/**
 * Operations endpoints, outside /api and without a session: `/healthz` (the process answers),
 * `/readyz` (this instance can serve: database reachable and migrated, not shutting down) and
 * `/metrics` (Prometheus text format).
 */
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.ts';
import type { DbKind, OpenDb } from '../db/open-db.ts';
import { calls } from '../db/schema.ts';
import type { OpenStreams } from './open-streams.ts';

export interface OpsRouteOptions {
  mode: 'simulator' | 'meta';
  dbKind: DbKind;
  readiness: OpenDb['readiness'];
  streams: OpenStreams;
  draining: () => boolean;
}

export function opsRoutes(app: FastifyInstance, ctx: ServerContext, opts: OpsRouteOptions) {
  ctx.metrics.gauge('ringside_live_calls', 'Calls not yet ended, by direction and state (from the database: all instances).', async () => {
    const rows = await ctx.db.select({ direction: calls.direction, status: calls.status, count: sql<number>`count(*)::int` })
      .from(calls).where(sql`${calls.status} <> 'ended'`).groupBy(calls.direction, calls.status);
    return rows.map((r) => ({ labels: { direction: r.direction, state: r.status }, value: r.count }));
  });
  ctx.metrics.gauge('ringside_sse_clients', 'Agent event streams open on this instance.', () => [{ labels: {}, value: opts.streams.count() }]);

  app.get('/healthz', async () => ({ ok: true, mode: opts.mode, database: opts.dbKind }));

  app.get('/readyz', async (_request, reply) => {
    if (opts.draining()) return reply.code(503).send({ ready: false, reason: 'shutting down' });
    const state = await opts.readiness();
    return reply.code(state.ready ? 200 : 503).send(state);
  });

  app.get('/metrics', async (_request, reply) => reply.type('text/plain; version=0.0.4; charset=utf-8').send(await ctx.metrics.render()));
}
