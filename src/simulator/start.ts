/**
 * Starts the simulator's HTTP server: the Graph-compatible API at the root and the control API
 * under `/_sim`. The product server reaches it only over HTTP, exactly as graph.facebook.com, and
 * the simulator reaches the server only through signed webhooks.
 */
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import type { SimClock } from './clock.ts';
import { corsHeaders, type ControlAccess } from './control-access.ts';
import { registerControlRoutes } from './control-routes.ts';
import { GraphError, renderGraphError } from './graph-errors.ts';
import { registerGraphRoutes } from './graph-routes.ts';
import type { MediaEndpointFactory } from './media/media-endpoint.ts';
import { createWeriftMediaEndpointFactory } from './media/werift-endpoint.ts';
import type { SimTimings } from './sim-context.ts';
import { createSimCore, type SimCore, type SimCoreOptions } from './sim-core.ts';

export interface SimulatorOptions {
  /** 0 = an ephemeral port. */
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The bearer token Graph requests must carry. */
  accessToken: string;
  /** Where webhooks are POSTed (the product server's webhook route). */
  webhookUrl: string;
  /** Signs webhooks (`X-Hub-Signature-256`). */
  appSecret: string;
  /** Default: the werift endpoint (real ICE-lite/DTLS/SRTP on UDP). `createFakeMediaFactory` for signalling only. */
  mediaFactory?: MediaEndpointFactory;
  /** Fastify request logging (default off). */
  logger?: boolean;
  clock?: SimClock;
  timings?: Partial<SimTimings>;
  dtlsRoleInAnswer?: 'active' | 'passive';
  webhooks?: SimCoreOptions['webhooks'];
  /** Meta's rule set (`seed-2025` default | `meta-2026`); `PUT /_sim/policy` switches it until reset. */
  policyProfile?: SimCoreOptions['policyProfile'];
  /** Tests only: concurrent calls per number and direction instead of Meta's 1000. */
  concurrentCalls?: SimCoreOptions['concurrentCalls'];
  /** Bearer token the control routes require (`SIMULATOR_CONTROL_TOKEN`); unset = open. */
  controlToken?: string;
  /** Origins that get CORS headers on `/_sim` (`SIMULATOR_ALLOWED_ORIGINS`); default none. */
  allowedOrigins?: readonly string[];
  /** The world's JSON file (`SIMULATOR_STATE_FILE`); see `SimCoreOptions.stateFile`. Default: memory only. */
  stateFile?: string;
}

export interface RunningSimulator {
  /** Base URL, e.g. `http://127.0.0.1:3001`; Graph paths hang off it (`/v23.0/{phone_number_id}/calls`). */
  url: string;
  /** Test handle: state, clock, webhook sender. */
  core: SimCore;
  /** Resolves once no webhook is queued or being retried. */
  webhooksIdle(): Promise<void>;
  close(): Promise<void>;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** Starts the simulator and resolves once it listens. */
export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const core = createSimCore({
    webhookUrl: options.webhookUrl,
    appSecret: options.appSecret,
    mediaFactory: options.mediaFactory ?? createWeriftMediaEndpointFactory(),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.timings ? { timings: options.timings } : {}),
    ...(options.dtlsRoleInAnswer ? { dtlsRoleInAnswer: options.dtlsRoleInAnswer } : {}),
    ...(options.webhooks ? { webhooks: options.webhooks } : {}),
    ...(options.policyProfile ? { policyProfile: options.policyProfile } : {}),
    ...(options.concurrentCalls ? { concurrentCalls: options.concurrentCalls } : {}),
    ...(options.stateFile === undefined ? {} : { stateFile: options.stateFile }),
  });
  const access: ControlAccess = {
    ...(options.controlToken === undefined ? {} : { controlToken: options.controlToken }),
    allowedOrigins: options.allowedOrigins ?? [],
  };
  // Call ids (`wacid.` + ~90 base64 chars) appear in phone page paths; the default limit is 100.
  const app = Fastify({ logger: options.logger ?? false, routerOptions: { maxParamLength: 1000 } });

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? req.url;
    if (path.startsWith('/_sim')) {
      return reply.code(404).headers(corsHeaders(access, req.headers.origin))
        .send({ error: { code: 'not_found', message: `No route ${req.method} ${path}` } });
    }
    const { status, body } = renderGraphError(new GraphError(2500, '', { message: `Unknown path components: ${path}` }));
    return reply.code(status).send(body);
  });
  await app.register(async (scope) => registerControlRoutes(scope, core, access), { prefix: '/_sim' });
  await app.register(async (scope) => registerGraphRoutes(scope, core.ctx, options.accessToken));
  // Open event streams would keep the server from closing.
  app.addHook('preClose', async () => core.hub.closeAll());

  const host = options.host ?? '127.0.0.1';
  try {
    await app.listen({ port: options.port, host });
  } catch (err) {
    await core.close();
    throw err;
  }
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://${urlHost(host)}:${port}`,
    core,
    webhooksIdle: () => core.ctx.webhooks.idle(),
    async close() {
      await app.close();
      await core.close();
    },
  };
}
