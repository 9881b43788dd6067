/**
 * Who may use the simulator's `/_sim` routes. Control routes (users, clock, reset, faults, policy,
 * log, business numbers…) need `Authorization: Bearer <control token>` when one is configured;
 * the phone page routes stay open, as a WhatsApp user's phone needs no operator's key. CORS
 * headers go only to the origins listed (none by default), so a web page elsewhere cannot drive
 * the simulator from a visitor's browser.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ControlError } from './control-errors.ts';

export interface ControlAccess {
  /** Required as a bearer token on control routes; undefined = control routes are open. */
  controlToken?: string;
  /** Origins (`http://127.0.0.1:3000`) that get CORS headers; empty = none; `*` = any (opt-in, for development). */
  allowedOrigins: readonly string[];
}

/** The CORS headers for a request from `origin`: empty unless the origin is listed. */
export function corsHeaders(access: ControlAccess, origin: string | undefined): Record<string, string> {
  if (origin === undefined || !(access.allowedOrigins.includes(origin) || access.allowedOrigins.includes('*'))) return {};
  return { 'access-control-allow-origin': origin, vary: 'Origin' };
}

/** Adds CORS headers to every `/_sim` answer and answers preflights (which never carry the token). */
export function registerCors(app: FastifyInstance, access: ControlAccess): void {
  app.addHook('onRequest', async (req, reply) => {
    for (const [name, value] of Object.entries(corsHeaders(access, req.headers.origin))) reply.header(name, value);
  });
  app.options('/*', async (req, reply) => {
    if (Object.keys(corsHeaders(access, req.headers.origin)).length > 0) {
      reply
        .header('access-control-allow-methods', 'GET, POST, PUT, DELETE, OPTIONS')
        .header('access-control-allow-headers', 'content-type, authorization')
        .header('access-control-max-age', '600');
    }
    return reply.code(204).send();
  });
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** True when the request carries the bearer token (compared in constant time). */
function hasToken(req: FastifyRequest, token: string): boolean {
  const header = req.headers.authorization;
  if (!header?.startsWith('Bearer ')) return false;
  return timingSafeEqual(digest(header.slice(7).trim()), digest(token));
}

/** An onRequest hook for the control routes' scope: 401 in the control API's envelope without the token. */
export function requireControlToken(access: ControlAccess) {
  const token = access.controlToken;
  return async (req: FastifyRequest): Promise<void> => {
    if (token === undefined || req.method === 'OPTIONS' || hasToken(req, token)) return;
    throw new ControlError('unauthenticated', 'This control route needs "Authorization: Bearer <SIMULATOR_CONTROL_TOKEN>".');
  };
}
