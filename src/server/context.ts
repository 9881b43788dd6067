/** What the server's domain code is given, instead of reaching for it. */
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from './db/open-db.ts';
import type { EventBus } from './events/event-bus.ts';
import type { GraphClient } from './graph/graph-client.ts';
import type { Metrics } from './ops/metrics.ts';
import type { PolicyProfile } from '../shared/policy/profiles.ts';

export interface ServerContext {
  db: Db;
  bus: EventBus;
  graph: GraphClient;
  log: FastifyBaseLogger;
  now: () => Date;
  /** Which of Meta's limits apply (shared/policy/profiles.ts). */
  policy: PolicyProfile;
  /** Counters for /metrics (ops/metrics.ts): `ctx.metrics.webhookApplied('calls')`. */
  metrics: Metrics;
}
