/**
 * Seeds what a deployment needs to start: business numbers, and in simulator mode the demo agents,
 * contacts and the history their permissions and quotas come from (`shared/demo-data.ts`, the same
 * history the simulator seeds as Meta's truth). Idempotent.
 */
import { eq, inArray } from 'drizzle-orm';
import { demoAccounts, demoBusinessNumbers, demoContacts, demoLedger, notOnWhatsAppPrefix } from '../shared/demo-data.ts';
import { notOnWhatsAppCode } from '../shared/policy/meta-facts.ts';
import { hashPassword, verifyPassword } from './auth/passwords.ts';
import type { Db } from './db/open-db.ts';
import { businessNumbers, contacts, users } from './db/schema.ts';
import type { AccountConfig, BusinessNumberConfig } from './env.ts';
import { appendLedger } from './policy/ledger-repo.ts';
import { recordMetaRefusal } from './policy/meta-facts-repo.ts';

/**
 * Creates the configured accounts that do not exist yet; existing ones keep their password (and
 * get the current hashing cost at their next sign-in). `passwordCost` is scrypt's N.
 */
export async function seedAccounts(db: Db, accounts: AccountConfig[], passwordCost?: number): Promise<void> {
  for (const a of accounts) {
    const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.username, a.username));
    if (existing) continue; // before hashing: at the production cost each hash takes a few hundred ms
    await db.insert(users).values({ username: a.username, displayName: a.displayName, role: a.role, presence: a.role === 'trainer' ? 'away' : 'available', passwordHash: await hashPassword(a.password, passwordCost) }).onConflictDoNothing();
  }
}

/**
 * Meta mode never keeps the demo sign-ins (password "ringside"), even in a database that once ran
 * the simulator. A demo name also listed in RINGSIDE_ACCOUNTS stays only if its password is no longer
 * the demo one (else it is removed here and created again with the configured password). Returns who was removed.
 */
export async function removeDemoAccounts(db: Db, keep: AccountConfig[]): Promise<string[]> {
  const kept = new Set(keep.map((a) => a.username));
  const rows = await db.select({ username: users.username, passwordHash: users.passwordHash }).from(users).where(inArray(users.username, demoAccounts.map((a) => a.username)));
  const removed: string[] = [];
  for (const row of rows) {
    const demo = demoAccounts.find((a) => a.username === row.username)!;
    if (kept.has(row.username) && !(await verifyPassword(demo.password, row.passwordHash))) continue;
    await db.delete(users).where(eq(users.username, row.username));
    removed.push(row.username);
  }
  return removed;
}

export async function seedBusinessNumbers(db: Db, numbers: BusinessNumberConfig[]): Promise<void> {
  for (const n of numbers) await db.insert(businessNumbers).values(n).onConflictDoNothing();
}

export async function seedDemo(db: Db, now: Date, passwordCost?: number): Promise<void> {
  await seedBusinessNumbers(db, demoBusinessNumbers.map((n) => ({ id: n.phoneNumberId, displayNumber: n.number, label: n.name, profile: n.profile })));
  await seedAccounts(db, demoAccounts, passwordCost);
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
  // WhatsApp already answered 138001 for the demo's numbers that are not on WhatsApp (as the simulator does).
  for (const c of demoContacts.filter((d) => d.waId.startsWith(notOnWhatsAppPrefix))) {
    for (const n of demoBusinessNumbers) {
      await recordMetaRefusal(db, { businessNumberId: n.phoneNumberId, waId: c.waId, action: 'call', code: notOnWhatsAppCode, message: `(#138001) Receiver is uncallable: ${c.waId} is not on WhatsApp`, at: new Date(at) });
    }
  }
}
