/**
 * Seeds what a deployment needs to start: business numbers, and in simulator mode the demo agents,
 * contacts and the history their permissions and quotas come from (`shared/demo-data.ts`, the same
 * history the simulator seeds as Meta's truth). Idempotent.
 */
import { demoAccounts, demoBusinessNumbers, demoContacts, demoLedger } from '../shared/demo-data.ts';
import { hashPassword } from './auth/passwords.ts';
import type { Db } from './db/open-db.ts';
import { businessNumbers, contacts, users } from './db/schema.ts';
import type { AccountConfig, BusinessNumberConfig } from './env.ts';
import { appendLedger } from './policy/ledger-repo.ts';

/** Creates the configured accounts that do not exist yet; existing ones keep their password. */
export async function seedAccounts(db: Db, accounts: AccountConfig[]): Promise<void> {
  for (const a of accounts) {
    await db.insert(users).values({ username: a.username, displayName: a.displayName, role: a.role, passwordHash: await hashPassword(a.password) }).onConflictDoNothing();
  }
}

export async function seedBusinessNumbers(db: Db, numbers: BusinessNumberConfig[]): Promise<void> {
  for (const n of numbers) await db.insert(businessNumbers).values(n).onConflictDoNothing();
}

export async function seedDemo(db: Db, now: Date): Promise<void> {
  await seedBusinessNumbers(db, demoBusinessNumbers.map((n) => ({ id: n.phoneNumberId, displayNumber: n.number, label: n.name, profile: n.profile })));
  await seedAccounts(db, demoAccounts);
  for (const c of demoContacts) {
    const [created] = await db.insert(contacts).values({ waId: c.waId, name: c.name }).onConflictDoNothing().returning();
    // History is seeded once, with the contact: a restart must not pile up another day of demo calls.
    if (created) await seedContactHistory(db, c, now.getTime());
  }
}

async function seedContactHistory(db: Db, c: (typeof demoContacts)[number], at: number): Promise<void> {
  for (const n of demoBusinessNumbers) {
    for (const entry of demoLedger(c, n.phoneNumberId, at)) await appendLedger(db, n.phoneNumberId, c.waId, entry);
  }
}

/** Every demo contact's history as of `at` (the simulator's seeding instant), contacts included. */
export async function seedDemoHistory(db: Db, at: number): Promise<void> {
  for (const c of demoContacts) {
    await db.insert(contacts).values({ waId: c.waId, name: c.name }).onConflictDoNothing();
    await seedContactHistory(db, c, at);
  }
}
