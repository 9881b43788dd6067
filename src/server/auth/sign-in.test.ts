import { randomBytes, scryptSync } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDb } from '../db/open-db.ts';
import { users } from '../db/schema.ts';
import { seedAccounts } from '../seed.ts';
import { buildTestServer, metaGraphStandIn, openTestDb, postgresAvailable, testPasswordCost } from '../test-support.ts';
import { createCredentialChecker, scryptHasher, type PasswordHasher } from './credentials.ts';

const kinds = ['pglite', 'postgres'] as const;
const pgUp = await postgresAvailable();
const graph = metaGraphStandIn(() => ({ status: 200, body: { messaging_product: 'whatsapp', success: true } }));
const limits = { perAddress: { limit: 6, windowMs: 60_000 }, perUsername: { limit: 3, windowMs: 300_000 } };

/** A password hash as Ringside stored them before the cost was recorded: `scrypt$salt$hash`, N=2^14. */
const legacyHash = (password: string) => {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('hex')}$${scryptSync(password, salt, 32).toString('hex')}`;
};

describe.each(kinds)('sign-in on %s', (kind) => {
  const skip = kind === 'postgres' && !pgUp;
  if (skip) console.warn('Skipping the PostgreSQL run of the sign-in tests: no PostgreSQL answers at TEST_DATABASE_URL (default 127.0.0.1:5432/test).');
  let db: OpenDb;
  let server: Awaited<ReturnType<typeof buildTestServer>>;

  beforeAll(async () => {
    if (skip) return;
    db = await openTestDb(kind);
    server = await buildTestServer(db, graph.fetch, { signInLimits: limits, passwordCost: 2 ** 11 });
  });
  afterAll(async () => {
    if (skip) return;
    await server.app.close();
    await db.close();
  });

  const signIn = (username: string, password: string, remoteAddress = '198.51.100.1', cookie?: string) =>
    server.app.inject({ method: 'POST', url: '/api/session', remoteAddress, payload: { username, password }, headers: cookie ? { cookie } : {} });
  const cookieOf = (res: { headers: Record<string, unknown> }) => String(res.headers['set-cookie']).split(';')[0]!;
  const me = (cookie: string) => server.app.inject({ url: '/api/me', headers: { cookie } });

  it.skipIf(skip)('limits attempts per username with 429 and Retry-After, whatever the address; a success resets the count', async () => {
    expect((await signIn('sam.supervisor', 'wrong-1', '198.51.100.10')).statusCode).toBe(401);
    expect((await signIn('sam.supervisor', 'ringside', '198.51.100.11')).statusCode).toBe(200);
    for (const n of [1, 2, 3]) expect((await signIn('SAM.supervisor', `wrong-${n}`, `198.51.100.${20 + n}`)).statusCode).toBe(401);
    const limited = await signIn('sam.supervisor', 'ringside', '198.51.100.30');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: { code: 'rate_limited', message: expect.stringMatching(/Try again in 5 minutes/) } });
    expect(Number(limited.headers['retry-after'])).toBe(300);
    server.advanceWall(299_000);
    expect(Number((await signIn('sam.supervisor', 'ringside', '198.51.100.31')).headers['retry-after'])).toBe(1);
    server.advanceWall(1_000);
    expect((await signIn('sam.supervisor', 'ringside', '198.51.100.32')).statusCode).toBe(200);
  });

  it.skipIf(skip)('limits attempts per address, whatever the username', async () => {
    const address = '203.0.113.77';
    for (let n = 0; n < 6; n++) expect((await signIn(`nobody-${n}`, 'wrong', address)).statusCode).toBe(401);
    const limited = await signIn('tia.trainer', 'ringside', address);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await signIn('tia.trainer', 'ringside', '203.0.113.78')).statusCode).toBe(200);
    expect(await server.app.inject({ url: '/metrics' }).then((r) => r.body)).toMatch(/ringside_sign_ins_total\{outcome="rate_limited"\} [1-9]/);
  });

  it.skipIf(skip)('rotates the session on sign-in: the cookie sent along dies', async () => {
    const first = cookieOf(await signIn('ben.agent', 'ringside', '198.51.100.40'));
    expect((await me(first)).statusCode).toBe(200);
    const second = await signIn('ben.agent', 'ringside', '198.51.100.40', first);
    expect(cookieOf(second)).not.toBe(first);
    expect((await me(first)).statusCode).toBe(401);
    expect((await me(cookieOf(second))).statusCode).toBe(200);
  });

  it.skipIf(skip)('signs out everywhere: every session of that user ends, other users keep theirs', async () => {
    const [laptop, phone] = [cookieOf(await signIn('ana.agent', 'ringside', '198.51.100.50')), cookieOf(await signIn('ana.agent', 'ringside', '198.51.100.51'))];
    const other = cookieOf(await signIn('ben.agent', 'ringside', '198.51.100.52'));
    const res = await server.app.inject({ method: 'DELETE', url: '/api/sessions', headers: { cookie: laptop } });
    expect(res.json()).toEqual({ ok: true, ended: 2 });
    expect(String(res.headers['set-cookie'])).toMatch(/rs_session=;/);
    expect((await me(laptop)).statusCode).toBe(401);
    expect((await me(phone)).statusCode).toBe(401);
    expect((await me(other)).statusCode).toBe(200);
    expect((await server.app.inject({ method: 'DELETE', url: '/api/sessions' })).statusCode).toBe(401);
    const openapi = (await server.app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    expect(openapi.paths['/api/sessions']?.delete).toMatchObject({ summary: expect.stringMatching(/everywhere/) });
  });

  it.skipIf(skip)('keeps accounts from RINGSIDE_ACCOUNTS with old hashes working, and upgrades their hash on sign-in', async () => {
    await seedAccounts(db.db, [{ username: 'olga.ops', password: 'correct-horse', role: 'agent', displayName: 'Olga' }], testPasswordCost);
    await db.db.update(users).set({ passwordHash: legacyHash('correct-horse') }).where(eq(users.username, 'olga.ops'));
    // A reboot with the same RINGSIDE_ACCOUNTS keeps the stored password.
    await seedAccounts(db.db, [{ username: 'olga.ops', password: 'another-one', role: 'agent', displayName: 'Olga' }], testPasswordCost);
    // An instance whose cost is above the old format's 2^14.
    const upgrading = await buildTestServer(db, graph.fetch, { passwordCost: 2 ** 15 });
    try {
      const olga = (password: string) => upgrading.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'olga.ops', password } });
      expect((await olga('another-one')).statusCode).toBe(401);
      expect((await olga('correct-horse')).statusCode).toBe(200);
      const [row] = await db.db.select({ hash: users.passwordHash }).from(users).where(eq(users.username, 'olga.ops'));
      expect(row!.hash).toMatch(/^scrypt\$32768\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
      expect((await olga('correct-horse')).statusCode).toBe(200);
    } finally {
      await upgrading.app.close();
    }
  });

  it.skipIf(skip)('spends one scrypt at the current cost on an unknown username, exactly as on a known one', async () => {
    const verified: Array<{ cost: number }> = [];
    const counting: PasswordHasher = {
      ...scryptHasher,
      verify: (password, stored) => {
        verified.push({ cost: Number(stored.split('$')[1]) });
        return scryptHasher.verify(password, stored);
      },
    };
    const check = createCredentialChecker(db.db, 2 ** 12, counting);
    await seedAccounts(db.db, [{ username: 'kim.known', password: 'kims-password', role: 'agent', displayName: 'Kim' }], 2 ** 12);
    expect(await check('kim.known', 'wrong-password')).toBeNull();
    expect(await check('nobody.here', 'wrong-password')).toBeNull();
    expect(await check('kim.known', 'kims-password')).toMatchObject({ username: 'kim.known' });
    expect(verified).toEqual([{ cost: 4096 }, { cost: 4096 }, { cost: 4096 }]);
  });
});
