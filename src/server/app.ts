/**
 * Composes the Fastify app from injected parts. Tests build it with their own context; `main.ts`
 * builds it with the real database, Graph client and bus.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ClientConfig } from '../shared/agent-api.ts';
import { AppError, appErrorStatus } from '../shared/errors.ts';
import { buildOpenApi } from '../shared/openapi.ts';
import { sessionCookie, userForToken } from './auth/sessions.ts';
import { createCallService } from './calls/call-service.ts';
import type { ServerContext } from './context.ts';
import type { DbKind } from './db/open-db.ts';
import type { AgentHub } from './events/agent-hub.ts';
import type { Applier } from './webhooks/applier.ts';
import { callApi, callRoutes } from './routes/call-routes.ts';
import { directoryApi, directoryRoutes } from './routes/directory-routes.ts';
import { eventRoutes } from './routes/event-routes.ts';
import { sessionApi, sessionRoutes } from './routes/session-routes.ts';
import { webhookRoutes } from './routes/webhook-routes.ts';

export interface AppOptions {
  ctx: ServerContext;
  hub: AgentHub;
  /** Applies stored webhook events off the request path. */
  applier: Applier;
  /** This process, as `agent_streams` rows name it. */
  instanceId: string;
  mode: 'simulator' | 'meta';
  dbKind: DbKind;
  secrets: { appSecret: string; verifyToken: string };
  /** Client config; `simulatorPort` is turned into a URL on the host the browser used. */
  client: Omit<ClientConfig, 'simulatorUrl'> & { simulatorPort: number | null };
  /** The built SPA, served with an index.html fallback, when present. */
  staticDir?: string;
  secureCookies?: boolean;
}

export function createApp(opts: AppOptions): FastifyInstance {
  const { ctx } = opts;
  // Meta's call ids (`wacid.` + base64) run past Fastify's default 100-character path parameter.
  const app = Fastify({ loggerInstance: ctx.log, bodyLimit: 64 * 1024, trustProxy: true, routerOptions: { maxParamLength: 1000 } });
  app.register(cookie);
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/api/')) request.user = await userForToken(ctx.db, request.cookies[sessionCookie], ctx.now());
  });

  app.setErrorHandler((err, request, reply) => {
    if (err instanceof AppError) return reply.code(appErrorStatus[err.code]).send({ error: err.toBody() });
    const fastifyErr = err as { code?: string; statusCode?: number; message: string };
    if (fastifyErr.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(413).send({ error: { code: 'payload_too_large', message: 'Request body is too large.' } });
    if (fastifyErr.statusCode && fastifyErr.statusCode < 500) return reply.code(fastifyErr.statusCode).send({ error: { code: 'bad_request', message: fastifyErr.message } });
    request.log.error(err);
    return reply.code(500).send({ error: { code: 'internal', message: 'Something went wrong on the server.' } });
  });

  const service = createCallService(ctx);
  app.get('/healthz', async () => ({ ok: true, mode: opts.mode, database: opts.dbKind }));
  const { simulatorPort, ...clientConfig } = opts.client;
  sessionRoutes(app, ctx, simulatorPort, clientConfig, opts.secureCookies ?? false);
  directoryRoutes(app, ctx);
  callRoutes(app, ctx, service);
  eventRoutes(app, ctx, opts.hub, opts.instanceId);
  webhookRoutes(app, ctx, opts.applier, opts.secrets);

  const openapi = buildOpenApi(
    { title: 'Ringside agent API', version: '0.1.0', description: 'Browser ⇄ server API. Push events: GET /api/events (Server-Sent Events, one AgentEvent JSON per message). The simulator documents its control API at /_sim/openapi.json on its own base URL.' },
    [...sessionApi, ...directoryApi, ...callApi, { method: 'get', path: '/api/events', summary: 'Server-Sent Events stream of AgentEvent', tags: ['events'] }],
  );
  app.get('/api/openapi.json', async () => openapi);

  if (opts.staticDir && existsSync(join(opts.staticDir, 'index.html'))) {
    app.register(fastifyStatic, { root: opts.staticDir, wildcard: false });
    app.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.startsWith('/webhooks/')) return reply.sendFile('index.html');
      return reply.code(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url}` } });
    });
  }
  return app;
}
