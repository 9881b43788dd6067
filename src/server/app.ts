/**
 * Composes the Fastify app from injected parts. Tests build it with their own context; `main.ts`
 * (through `ops/start-server.ts`) builds it with the real database, Graph client and bus.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { ClientConfig } from '../shared/agent-api.ts';
import { buildOpenApi } from '../shared/openapi.ts';
import { createCredentialChecker } from './auth/credentials.ts';
import { productionPasswordCost } from './auth/passwords.ts';
import { createSignInGate, defaultSignInLimits, type SignInLimits } from './auth/sign-in-gate.ts';
import { createCallService } from './calls/call-service.ts';
import type { ServerContext } from './context.ts';
import type { DbKind, OpenDb } from './db/open-db.ts';
import type { AgentHub } from './events/agent-hub.ts';
import type { Applier } from './webhooks/applier.ts';
import { notFound, sendError } from './ops/error-envelope.ts';
import { opsRoutes } from './ops/ops-routes.ts';
import { installEdgeHooks } from './ops/edge-hooks.ts';
import { requestIdFor } from './ops/request-id.ts';
import { fastifyTrustProxy, type TrustProxy } from './ops/trust-proxy.ts';
import { agentApi, agentRoutes } from './routes/agent-routes.ts';
import { callApi, callRoutes } from './routes/call-routes.ts';
import { directoryApi, directoryRoutes } from './routes/directory-routes.ts';
import { eventRoutes } from './routes/event-routes.ts';
import { floorApi, floorRoutes } from './routes/floor-routes.ts';
import { historyApi, historyRoutes } from './routes/history-routes.ts';
import { sessionApi, sessionRoutes } from './routes/session-routes.ts';
import { webhookRoutes } from './routes/webhook-routes.ts';
import { trainingApi, trainingRoutes } from './routes/training-routes.ts';
import { loadScenarios } from './training/scenarios.ts';
import type { SimulatorControl } from './training/simulator-control.ts';
import type { Scenario } from '../shared/training-api.ts';

export interface AppOptions {
  ctx: ServerContext;
  hub: AgentHub;
  /** Applies stored webhook events off the request path. */
  applier: Applier;
  /** This process, as `agent_streams` rows name it. */
  instanceId: string;
  mode: 'simulator' | 'meta';
  dbKind: DbKind;
  /** For `/readyz`. */
  readiness: OpenDb['readiness'];
  secrets: { appSecret: string; verifyToken: string };
  /** Client config; `simulatorPort` is turned into a URL on the host the browser used. Demo sign-ins are dropped in Meta mode. */
  client: Omit<ClientConfig, 'simulatorUrl'> & { simulatorPort: number | null };
  /** The built SPA, served with an index.html fallback, when present. */
  staticDir?: string;
  /** Proxies trusted for X-Forwarded-* (TRUST_PROXY); none by default. */
  trustProxy?: TrustProxy;
  /** scrypt N for new and upgraded password hashes; tests that are not about hashing pass a small one. */
  passwordCost?: number;
  signInLimits?: SignInLimits;
  /** The simulator's control API, for the trainer's classroom (simulator mode only). */
  simulatorControl?: SimulatorControl;
  /** The classroom's scenarios (default: every file in shared/scenarios). */
  scenarios?: Scenario[];
}

export function createApp(opts: AppOptions): FastifyInstance {
  const { ctx } = opts;
  const app = Fastify({
    loggerInstance: ctx.log,
    bodyLimit: 64 * 1024,
    trustProxy: fastifyTrustProxy(opts.trustProxy ?? false),
    // Meta's call ids (`wacid.` + base64) run past Fastify's default 100-character path parameter.
    routerOptions: { maxParamLength: 1000 },
    genReqId: requestIdFor,
    // One debug line per request (ops/edge-hooks.ts) instead of Fastify's two info lines: a quiet terminal by default.
    logController: new LogController({ disableRequestLogging: true }),
    // Answered by ops/edge-hooks.ts, in our envelope.
    return503OnClosing: false,
    frameworkErrors: sendError,
  });
  app.register(cookie);
  app.decorateRequest('user', null);
  const { simulatorPort, ...clientConfig } = opts.client;
  const edge = installEdgeHooks(app, ctx, { webhookRoute: '/webhooks/whatsapp', eventStreamRoute: '/api/events', simulatorPort });

  const service = createCallService(ctx);
  opsRoutes(app, ctx, { mode: opts.mode, dbKind: opts.dbKind, readiness: opts.readiness, ...edge });
  sessionRoutes(app, ctx, {
    config: { ...clientConfig, demoAccounts: opts.mode === 'simulator' ? clientConfig.demoAccounts : [] },
    simulatorPort,
    checkCredentials: createCredentialChecker(ctx.db, opts.passwordCost ?? productionPasswordCost),
    gate: createSignInGate(opts.signInLimits ?? defaultSignInLimits, ctx.wallNow),
  });
  agentRoutes(app, ctx);
  directoryRoutes(app, ctx);
  callRoutes(app, ctx, service);
  floorRoutes(app, ctx);
  historyRoutes(app, ctx);
  eventRoutes(app, ctx, opts.hub, opts.instanceId);
  webhookRoutes(app, ctx, opts.applier, opts.secrets);
  trainingRoutes(app, ctx, { sim: opts.mode === 'simulator' ? opts.simulatorControl ?? null : null, scenarios: opts.scenarios ?? loadScenarios() });

  const openapi = buildOpenApi(
    { title: 'Ringside agent API', version: '0.1.0', description: 'Browser ⇄ server API. Push events: GET /api/events (Server-Sent Events, one AgentEvent JSON per message). The simulator documents its control API at /_sim/openapi.json on its own base URL.' },
    [...sessionApi, ...agentApi, ...directoryApi, ...callApi, ...trainingApi, ...floorApi, ...historyApi, { method: 'get', path: '/api/events', summary: 'Server-Sent Events stream of AgentEvent', tags: ['events'] }],
  );
  app.get('/api/openapi.json', async () => openapi);

  const spa = opts.staticDir !== undefined && existsSync(join(opts.staticDir, 'index.html'));
  if (spa) app.register(fastifyStatic, { root: opts.staticDir!, wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    if (spa && request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.startsWith('/webhooks/')) return reply.sendFile('index.html');
    return notFound(request, reply);
  });
  return app;
}
