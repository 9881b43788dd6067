/**
 * Checks a username and password. Unknown usernames cost the same scrypt as known ones (against a
 * dummy hash made at start), so response times do not reveal which accounts exist. A correct
 * password on a hash weaker than the current cost is re-hashed on the spot.
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/open-db.ts';
import { users } from '../db/schema.ts';
import { hashPassword, needsRehash, verifyPassword } from './passwords.ts';

export interface PasswordHasher {
  hash(password: string, cost: number): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
  needsRehash(stored: string, cost: number): boolean;
}

export const scryptHasher: PasswordHasher = { hash: hashPassword, verify: verifyPassword, needsRehash };

export type UserRow = typeof users.$inferSelect;

export function createCredentialChecker(db: Db, cost: number, hasher: PasswordHasher = scryptHasher) {
  const dummy = hasher.hash(randomBytes(16).toString('hex'), cost);
  dummy.catch(() => undefined); // surfaces, if ever, on the first unknown username

  return async function check(username: string, password: string): Promise<UserRow | null> {
    const [user] = await db.select().from(users).where(eq(users.username, username));
    const matches = await hasher.verify(password, user ? user.passwordHash : await dummy);
    if (!user || !matches) return null;
    if (hasher.needsRehash(user.passwordHash, cost)) {
      const passwordHash = await hasher.hash(password, cost);
      await db.update(users).set({ passwordHash }).where(eq(users.id, user.id));
      return { ...user, passwordHash };
    }
    return user;
  };
}

export type CredentialChecker = ReturnType<typeof createCredentialChecker>;
