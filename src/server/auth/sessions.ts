/**
 * Cookie sessions stored in the database (so any instance can serve any agent). The cookie holds a
 * random token; the database holds only its SHA-256.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import type { Me, Role } from '../../shared/agent-api.ts';
import { AppError } from '../../shared/errors.ts';
import type { Db } from '../db/open-db.ts';
import { sessions, users } from '../db/schema.ts';

export const sessionCookie = 'rs_session';
const sessionLifetimeMs = 12 * 3600 * 1000;
const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(db: Db, userId: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + sessionLifetimeMs);
  await db.insert(sessions).values({ tokenHash: hash(token), userId, expiresAt });
  return { token, expiresAt };
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, hash(token)));
}

/** Ends every session of a user, on every device; returns how many there were. */
export async function deleteUserSessions(db: Db, userId: string): Promise<number> {
  return (await db.delete(sessions).where(eq(sessions.userId, userId)).returning({ tokenHash: sessions.tokenHash })).length;
}

/** Who sent a request: `Me` without the status, which is derived only where it is shown (`agents/me.ts`). */
export type SessionUser = Omit<Me, 'status'>;

export async function userForToken(db: Db, token: string | undefined, now: Date): Promise<SessionUser | null> {
  if (!token) return null;
  const [row] = await db.select({ id: users.id, username: users.username, displayName: users.displayName, role: users.role, presence: users.presence })
    .from(sessions).innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, hash(token)), gt(sessions.expiresAt, now)));
  return row ?? null;
}

declare module 'fastify' {
  interface FastifyRequest { user: SessionUser | null }
}

/** A preHandler that admits only signed-in users with one of `roles`. Roles are enforced here, on the server. */
export function requireRole(...roles: Role[]) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    if (!request.user) throw new AppError({ code: 'unauthenticated', message: 'Sign in first.' });
    if (!roles.includes(request.user.role)) throw new AppError({ code: 'forbidden', message: `This needs the ${roles.join(' or ')} role.` });
  };
}
