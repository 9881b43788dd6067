/** Sign-in, sign-out, who am I, presence, and the public client configuration. */
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { configSchema, meSchema, sessionSchema, setPresenceSchema, signInSchema, type ClientConfig, type Session } from '../../shared/agent-api.ts';
import { AppError } from '../../shared/errors.ts';
import type { ApiRoute } from '../../shared/openapi.ts';
import { verifyPassword } from '../auth/passwords.ts';
import { createSession, deleteSession, requireRole, sessionCookie } from '../auth/sessions.ts';
import { users } from '../db/schema.ts';
import type { ServerContext } from '../context.ts';
import { parseInput } from './parse.ts';

export const sessionApi: ApiRoute[] = [
  { method: 'get', path: '/api/config', summary: 'Client configuration (mode, simulator URL, demo sign-ins)', tags: ['session'], response: configSchema },
  { method: 'post', path: '/api/session', summary: 'Sign in; sets the session cookie', tags: ['session'], body: signInSchema, response: meSchema, errors: { 401: 'Wrong username or password' } },
  { method: 'get', path: '/api/session', summary: 'Who is signed in: `me` is null when nobody is (200 either way)', tags: ['session'], response: sessionSchema },
  { method: 'delete', path: '/api/session', summary: 'Sign out', tags: ['session'] },
  { method: 'get', path: '/api/me', summary: 'The signed-in user', tags: ['session'], response: meSchema, errors: { 401: 'Not signed in' } },
  { method: 'put', path: '/api/me/presence', summary: 'Available for inbound calls, or away', tags: ['session'], body: setPresenceSchema, response: meSchema },
];

export function sessionRoutes(app: FastifyInstance, ctx: ServerContext, simulatorPort: number | null, config: Omit<ClientConfig, 'simulatorUrl'>, secureCookies: boolean) {
  const anyone = requireRole('agent', 'supervisor', 'trainer');

  // The phone page reaches the simulator directly, on the host the browser already uses.
  app.get('/api/config', async (request): Promise<ClientConfig> => ({
    ...config,
    simulatorUrl: simulatorPort === null ? null : `${request.protocol}://${request.hostname.replace(/:\d+$/, '')}:${simulatorPort}`,
  }));

  app.post('/api/session', async (request, reply) => {
    const input = parseInput(signInSchema, request.body);
    const [user] = await ctx.db.select().from(users).where(eq(users.username, input.username));
    if (!user || !(await verifyPassword(input.password, user.passwordHash))) {
      throw new AppError({ code: 'unauthenticated', message: 'Wrong username or password.' });
    }
    const session = await createSession(ctx.db, user.id, ctx.now());
    reply.setCookie(sessionCookie, session.token, { httpOnly: true, sameSite: 'lax', secure: secureCookies, path: '/', expires: session.expiresAt });
    return meSchema.parse(user);
  });

  // The browser checks this on every visit: no session is an answer, not a failed request.
  app.get('/api/session', async (request): Promise<Session> => ({ me: request.user }));

  app.delete('/api/session', async (request, reply) => {
    const token = request.cookies[sessionCookie];
    if (token) await deleteSession(ctx.db, token);
    reply.clearCookie(sessionCookie, { path: '/' });
    return { ok: true };
  });

  app.get('/api/me', { preHandler: anyone }, async (request) => request.user);

  app.put('/api/me/presence', { preHandler: anyone }, async (request) => {
    const { presence } = parseInput(setPresenceSchema, request.body);
    const [user] = await ctx.db.update(users).set({ presence }).where(eq(users.id, request.user!.id)).returning();
    return meSchema.parse(user);
  });
}
