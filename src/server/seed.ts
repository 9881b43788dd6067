/**
 * Seeds what a deployment needs to start: business numbers, and in simulator mode the demo agents,
 * contacts and their last known permissions (from `shared/demo-data.ts`). Idempotent.
 */
import { demoAccounts, demoBusinessNumbers, demoContacts } from '../shared/demo-data.ts';
import { hashPassword } from './auth/passwords.ts';
import type { Db } from './db/open-db.ts';
import { businessNumbers, contacts, permissions, users } from './db/schema.ts';
import type { BusinessNumberConfig } from './env.ts';

const day = 24 * 3600 * 1000;

export async function seedBusinessNumbers(db: Db, numbers: BusinessNumberConfig[]): Promise<void> {
  for (const n of numbers) await db.insert(businessNumbers).values(n).onConflictDoNothing();
}

export async function seedDemo(db: Db, now: Date): Promise<void> {
  await seedBusinessNumbers(db, demoBusinessNumbers.map((n) => ({ id: n.phoneNumberId, displayNumber: n.number, label: n.name, profile: n.profile })));
  for (const a of demoAccounts) {
    await db.insert(users).values({ username: a.username, displayName: a.displayName, role: a.role, passwordHash: await hashPassword(a.password) }).onConflictDoNothing();
  }
  for (const c of demoContacts) {
    await db.insert(contacts).values({ waId: c.waId, name: c.name }).onConflictDoNothing();
    const p = c.permission;
    if (p.kind === 'none') continue;
    const ago = (days: number) => new Date(now.getTime() - days * day);
    const row = p.kind === 'temporary'
      ? { status: 'temporary' as const, expiresAt: new Date(ago(p.grantedDaysAgo).getTime() + 7 * day), updatedAt: ago(p.grantedDaysAgo) }
      : p.kind === 'permanent'
        ? { status: 'permanent' as const, expiresAt: null, updatedAt: ago(p.grantedDaysAgo) }
        : { status: 'declined' as const, expiresAt: null, updatedAt: ago(p.daysAgo) };
    for (const n of demoBusinessNumbers) await db.insert(permissions).values({ businessNumberId: n.phoneNumberId, waId: c.waId, ...row }).onConflictDoNothing();
  }
}
