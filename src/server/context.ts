/** What the server's domain code is given, instead of reaching for it. */
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from './db/open-db.ts';
import type { EventBus } from './events/event-bus.ts';
import type { GraphClient } from './graph/graph-client.ts';
import type { Metrics } from './ops/metrics.ts';
import type { PolicyProfile } from '../shared/policy/profiles.ts';

export interface ServerContext {
  db: Db;
  /** Agent events, written in the transaction that causes them (events/event-bus.ts). */
  bus: EventBus;
  graph: GraphClient;
  log: FastifyBaseLogger;
  /**
   * WhatsApp's time: the simulator's clock in simulator mode (a trainer can fast-forward it),
   * wall time with Meta. Calls, the policy ledger and every eligibility use it.
   */
  now: () => Date;
  /** This machine's time: sessions, push-channel heartbeats and liveness, rate limits. */
  wallNow: () => Date;
  /** Which of Meta's limits apply (shared/policy/profiles.ts). */
  policy: PolicyProfile;
  /** After-call work after each call (WRAP_UP_SECONDS). */
  wrapUpMs: number;
  /** How long a customer nobody can take waits before the call is rejected (QUEUE_WAIT_SECONDS). */
  queueWaitMs: number;
  /** How many available agents an inbound call rings at once, longest available first (RING_AT_ONCE). */
  ringAtOnce: number;
  /** After-call dispositions agents pick from (DISPOSITIONS); the defaults of `shared/dispositions.ts` when unset. */
  dispositions?: readonly string[];
  /** The approved template carrying the call permission request, for requests outside the service window (WHATSAPP_PERMISSION_TEMPLATE). */
  permissionTemplate?: PermissionTemplate;
  /**
   * Simulator mode: every Graph request and webhook goes on the classroom timeline with a caption
   * (training/). Off against Meta, where nobody drives a classroom and it would only tax the hot paths.
   */
  classroom: boolean;
  /** Counters for /metrics (ops/metrics.ts): `ctx.metrics.webhookApplied('calls')`. */
  metrics: Metrics;
}

export interface PermissionTemplate { name: string; language: string }
