/**
 * What every request passes through at the edge, in order: a request id; refusal while shutting
 * down; event-stream tracking; cross-site refusal; the session user; unsafe text refused; security
 * headers on the way out; metrics and a debug line once answered; errors in our envelope.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../shared/errors.ts';
import { sessionCookie, userForToken } from '../auth/sessions.ts';
import type { ServerContext } from '../context.ts';
import { sendError } from './error-envelope.ts';
import { refuseUnsafeInput } from './input-guard.ts';
import { trackOpenStreams } from './open-streams.ts';
import { originGuard } from './origin-check.ts';
import { echoRequestId } from './request-id.ts';
import { securityHeaders } from './security-headers.ts';
import { simulatorOrigin } from './simulator-origin.ts';

export interface EdgeOptions {
  /** Meta's webhook: signed, so exempt from the cross-site check; its answers feed the webhook metrics. */
  webhookRoute: string;
  eventStreamRoute: string;
  /** In simulator mode the page may also call the simulator's origin (CSP connect-src). */
  simulatorPort: number | null;
}

export function installEdgeHooks(app: FastifyInstance, ctx: ServerContext, opts: EdgeOptions) {
  const streams = trackOpenStreams([opts.eventStreamRoute]);
  let draining = false;
  app.addHook('preClose', async () => {
    draining = true;
    await streams.endAll();
  });

  app.addHook('onRequest', echoRequestId);
  app.addHook('onRequest', async (request) => request.log.trace({ method: request.method, url: request.url }, 'received'));
  app.addHook('onRequest', async (_request, reply) => {
    if (!draining) return;
    reply.header('connection', 'close');
    throw new AppError({ code: 'unavailable', message: 'This server is shutting down; try again.' });
  });
  app.addHook('onRequest', streams.track);
  app.addHook('onRequest', originGuard([opts.webhookRoute]));
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/api/')) request.user = await userForToken(ctx.db, request.cookies[sessionCookie], ctx.wallNow());
  });
  app.addHook('preValidation', refuseUnsafeInput);
  const { simulatorPort } = opts;
  app.addHook('onSend', securityHeaders((request) => (simulatorPort === null ? null : simulatorOrigin(request, simulatorPort))));
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    ctx.metrics.httpRequest(request.method, route, reply.statusCode, seconds);
    if (route === opts.webhookRoute && request.method === 'POST') ctx.metrics.webhookAnswered(reply.statusCode, seconds);
    request.log.debug({ method: request.method, url: request.url, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });

  app.setErrorHandler((err, request, reply) => {
    // Every refusal by the calling policy reaches the agent as this error: counted once, here.
    if (err instanceof AppError && err.code === 'policy_refused') ctx.metrics.policyRefused(err.metaCode);
    return sendError(err, request, reply);
  });

  return { streams, draining: () => draining };
}
