import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../db/open-db.ts';
import { loadEnv } from '../env.ts';
import { seedDemo } from '../seed.ts';
import { postgresAvailable, testPasswordCost, testPgUrl } from '../test-support.ts';
import { startServer } from './start-server.ts';

const pgUp = await postgresAvailable();
const dropLater: string[] = [];

async function freshPostgres(): Promise<string> {
  const name = `ringside_start_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testPgUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  dropLater.push(name);
  const url = new URL(testPgUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

afterAll(async () => {
  if (dropLater.length === 0) return;
  const admin = new pg.Client({ connectionString: testPgUrl });
  await admin.connect();
  for (const name of dropLater) await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
});

const metaEnv = (storage: Record<string, string>) => loadEnv({
  RINGSIDE_MODE: 'meta', PORT: '0', HOST: '127.0.0.1', WHATSAPP_ACCESS_TOKEN: 'token', WHATSAPP_APP_SECRET: 'secret', WHATSAPP_VERIFY_TOKEN: 'verify',
  WHATSAPP_PHONE_NUMBERS: '123456:551140001000:Support', RINGSIDE_ACCOUNTS: 'olga.ops:correct-horse:agent:Olga,ben.agent:ben-own-password:agent', ...storage,
});

describe.each(['pglite', 'postgres'] as const)('a Meta-mode start on %s', (kind) => {
  const skip = kind === 'postgres' && !pgUp;
  if (skip) console.warn('Skipping the PostgreSQL run of the Meta-mode start test: no PostgreSQL answers at TEST_DATABASE_URL (default 127.0.0.1:5432/test).');

  it.skipIf(skip)('has no demo sign-ins, even on a database that once ran the simulator; configured accounts work', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ringside-meta-'));
    const storage: Record<string, string> = kind === 'postgres' ? { DATABASE_URL: await freshPostgres() } : { DATA_DIR: dataDir };
    const earlier = await openDb(kind === 'postgres' ? { url: storage.DATABASE_URL } : { dataDir: join(dataDir, 'pglite') });
    await seedDemo(earlier.db, new Date(), testPasswordCost);
    await earlier.close();

    const server = await startServer(metaEnv(storage), { log: pino({ level: 'silent' }), passwordCost: testPasswordCost });
    try {
      const inject = server.app.inject.bind(server.app);
      const config = (await inject({ url: '/api/config' })).json();
      expect(config).toMatchObject({ mode: 'meta', demoAccounts: [], simulatorUrl: null });
      const signIn = (username: string, password: string) => inject({ method: 'POST', url: '/api/session', payload: { username, password } });
      expect((await signIn('ana.agent', 'ringside')).statusCode).toBe(401);
      expect((await signIn('sam.supervisor', 'ringside')).statusCode).toBe(401);
      expect((await signIn('olga.ops', 'correct-horse')).statusCode).toBe(200);
      // A demo name listed in RINGSIDE_ACCOUNTS gets the configured password, never the demo one.
      expect((await signIn('ben.agent', 'ringside')).statusCode).toBe(401);
      expect((await signIn('ben.agent', 'ben-own-password')).statusCode).toBe(200);
      expect(server.simulator).toBeNull();
    } finally {
      await server.close();
    }
  }, 120_000);
});
