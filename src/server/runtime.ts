/**
 * The server's moving parts around one database, composed once for `main.ts` and for tests: the
 * event bus (outbox; LISTEN/NOTIFY on PostgreSQL), this instance's push channels, the webhook
 * applier and the call liveness rule.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { PolicyProfile } from '../shared/policy/profiles.ts';
import { createLiveness, type Liveness } from './calls/liveness.ts';
import type { ServerContext } from './context.ts';
import type { OpenDb } from './db/open-db.ts';
import { createAgentHub, type AgentHub } from './events/agent-hub.ts';
import { newInstanceId } from './events/agent-streams.ts';
import { createLocalBus, createPgBus } from './events/event-bus.ts';
import type { GraphClient } from './graph/graph-client.ts';
import { createApplier, type Applier } from './webhooks/applier.ts';

export interface RuntimeOptions {
  database: OpenDb;
  /** Set on PostgreSQL: instances share events through LISTEN/NOTIFY. */
  databaseUrl?: string;
  graph: GraphClient;
  log: FastifyBaseLogger;
  policy: PolicyProfile;
  /** WhatsApp's time (the simulator's clock in simulator mode). */
  now: () => Date;
  wallNow?: () => Date;
  metrics: ServerContext['metrics'];
  /** Keep the classroom timeline (simulator mode). */
  classroom: boolean;
  /** After-call work (default 30 s) and queue wait (default 30 s). */
  wrapUpMs?: number;
  queueWaitMs?: number;
  /** Agents an inbound call rings at once (default 3). */
  ringAtOnce?: number;
  /** After-call dispositions (DISPOSITIONS). */
  dispositions?: readonly string[];
  /** The permission-request template (WHATSAPP_PERMISSION_TEMPLATE). */
  permissionTemplate?: ServerContext['permissionTemplate'];
}

export interface Runtime {
  ctx: ServerContext;
  hub: AgentHub;
  applier: Applier;
  liveness: Liveness;
  instanceId: string;
  /** Starts the background work: the webhook sweep and the liveness rule (which also reconciles at once). */
  start(): void;
  close(): Promise<void>;
}

export async function createRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const { database, log } = opts;
  const bus = opts.databaseUrl
    ? await createPgBus(database.db, opts.databaseUrl, (err) => log.warn({ err: err.message }, 'Event listener connection trouble; reconnecting'))
    : createLocalBus(database.db);
  const ctx: ServerContext = {
    db: database.db, bus, graph: opts.graph, log, policy: opts.policy, metrics: opts.metrics, now: opts.now, wallNow: opts.wallNow ?? (() => new Date()), wrapUpMs: opts.wrapUpMs ?? 30_000, queueWaitMs: opts.queueWaitMs ?? 30_000,
    ringAtOnce: opts.ringAtOnce ?? 3,
    classroom: opts.classroom,
    ...(opts.permissionTemplate ? { permissionTemplate: opts.permissionTemplate } : {}),
    ...(opts.dispositions ? { dispositions: opts.dispositions } : {}),
  };
  const hub = createAgentHub(bus);
  // PGlite runs one statement at a time: more than one applier would only queue behind each other,
  // and Meta's acks go first.
  const single = database.kind === 'pglite';
  const applier = createApplier(ctx, { concurrency: single ? 1 : 4, ackFirst: single });
  const liveness = createLiveness(ctx);
  opts.metrics.gauge('ringside_webhook_backlog', 'Webhook subjects received here and not applied yet.', () => [{ labels: {}, value: applier.backlog() }]);
  return {
    ctx, hub, applier, liveness, instanceId: newInstanceId(),
    start() {
      applier.start();
      liveness.start();
    },
    async close() {
      liveness.stop();
      await applier.stop();
      hub.close();
      await bus.close();
    },
  };
}
