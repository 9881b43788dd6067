/** Sign-in, sign-out (here or everywhere), who am I, presence, and the public client configuration. */
import { eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { configSchema, meSchema, sessionSchema, signInSchema, type ClientConfig, type Session } from '../../shared/agent-api.ts';
import { meOf } from '../agents/me.ts';
import { AppError } from '../../shared/errors.ts';
import type { ApiRoute } from '../../shared/openapi.ts';
import type { CredentialChecker } from '../auth/credentials.ts';
import { createSession, deleteSession, deleteUserSessions, requireRole, sessionCookie } from '../auth/sessions.ts';
import { retryMessage, type SignInGate } from '../auth/sign-in-gate.ts';
import { users } from '../db/schema.ts';
import type { ServerContext } from '../context.ts';
import { simulatorOrigin } from '../ops/simulator-origin.ts';
import { parseInput } from './parse.ts';

const signedOutEverywhereSchema = z.object({ ok: z.literal(true), ended: z.number().int() });

export const sessionApi: ApiRoute[] = [
  { method: 'get', path: '/api/config', summary: 'Client configuration (mode, simulator URL, demo sign-ins)', tags: ['session'], response: configSchema },
  {
    method: 'post', path: '/api/session', summary: 'Sign in; sets a fresh session cookie and ends the one sent, if any', tags: ['session'], body: signInSchema, response: meSchema,
    errors: { 401: 'Wrong username or password', 429: 'Too many attempts from this address or for this username; Retry-After says when to try again' },
  },
  { method: 'get', path: '/api/session', summary: 'Who is signed in: `me` is null when nobody is (200 either way)', tags: ['session'], response: sessionSchema },
  { method: 'delete', path: '/api/session', summary: 'Sign out on this device', tags: ['session'] },
  { method: 'delete', path: '/api/sessions', summary: "Sign out everywhere: ends all of the user's sessions, on every device", tags: ['session'], response: signedOutEverywhereSchema, errors: { 401: 'Not signed in' } },
  { method: 'get', path: '/api/me', summary: 'The signed-in user', tags: ['session'], response: meSchema, errors: { 401: 'Not signed in' } },
];

export interface SessionRouteOptions {
  config: Omit<ClientConfig, 'simulatorUrl'>;
  simulatorPort: number | null;
  checkCredentials: CredentialChecker;
  gate: SignInGate;
}

const cookieOptions = (request: FastifyRequest) => ({ httpOnly: true, sameSite: 'lax' as const, secure: request.protocol === 'https', path: '/' });

export function sessionRoutes(app: FastifyInstance, ctx: ServerContext, opts: SessionRouteOptions) {
  const anyone = requireRole('agent', 'supervisor', 'trainer');
  const tooMany = (reply: FastifyReply, retryAfterSeconds: number) => {
    ctx.metrics.signIn('rate_limited');
    return reply.code(429).header('retry-after', String(retryAfterSeconds)).send({ error: { code: 'rate_limited', message: retryMessage(retryAfterSeconds) } });
  };

  app.get('/api/config', async (request): Promise<ClientConfig> => ({
    ...opts.config,
    simulatorUrl: opts.simulatorPort === null ? null : simulatorOrigin(request, opts.simulatorPort),
  }));

  app.post('/api/session', async (request, reply) => {
    const byAddress = opts.gate.fromAddress(request.ip);
    if (!byAddress.ok) return tooMany(reply, byAddress.retryAfterSeconds);
    const input = parseInput(signInSchema, request.body);
    const byUsername = opts.gate.forUsername(input.username);
    if (!byUsername.ok) return tooMany(reply, byUsername.retryAfterSeconds);
    const user = await opts.checkCredentials(input.username, input.password);
    if (!user) {
      ctx.metrics.signIn('wrong_credentials');
      throw new AppError({ code: 'unauthenticated', message: 'Wrong username or password.' });
    }
    opts.gate.succeeded(input.username);
    ctx.metrics.signIn('ok');
    // A session cookie planted before sign-in (session fixation) or left from an earlier one dies here.
    const previous = request.cookies[sessionCookie];
    if (previous) await deleteSession(ctx.db, previous);
    const session = await createSession(ctx.db, user.id, ctx.wallNow());
    // A fresh sign-in starts a fresh shift: after-call work left from an earlier session is over.
    await ctx.db.update(users).set({ wrapUpUntil: null }).where(eq(users.id, user.id));
    reply.setCookie(sessionCookie, session.token, { ...cookieOptions(request), expires: session.expiresAt });
    return meOf(ctx, user);
  });

  // The browser checks this on every visit: no session is an answer, not a failed request.
  app.get('/api/session', async (request): Promise<Session> => ({ me: request.user ? await meOf(ctx, request.user) : null }));

  app.delete('/api/session', async (request, reply) => {
    const token = request.cookies[sessionCookie];
    if (token) await deleteSession(ctx.db, token);
    reply.clearCookie(sessionCookie, cookieOptions(request));
    return { ok: true };
  });

  app.delete('/api/sessions', { preHandler: anyone }, async (request, reply) => {
    const ended = await deleteUserSessions(ctx.db, request.user!.id);
    reply.clearCookie(sessionCookie, cookieOptions(request));
    return { ok: true as const, ended };
  });

  app.get('/api/me', { preHandler: anyone }, async (request) => meOf(ctx, request.user!));
}
