import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { postgresAvailable, testPgUrl } from '../test-support.ts';
import { openDb } from './open-db.ts';

const pgUp = await postgresAvailable();
if (!pgUp) console.warn('Skipping the concurrent-migration test: no PostgreSQL answers at TEST_DATABASE_URL (default 127.0.0.1:5432/test).');

async function withEmptyDatabase(use: (url: string) => Promise<void>) {
  const name = `ringside_migrate_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testPgUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
    const url = new URL(testPgUrl);
    url.pathname = `/${name}`;
    await use(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

describe('migrations', () => {
  it.skipIf(!pgUp)('two instances opening one empty PostgreSQL database at once both succeed, ten times over', async () => {
    for (let round = 0; round < 10; round++) {
      await withEmptyDatabase(async (url) => {
        const opened = await Promise.allSettled([openDb({ url, onIdleError: () => undefined }), openDb({ url, onIdleError: () => undefined })]);
        for (const o of opened) if (o.status === 'fulfilled') await o.value.close();
        expect(opened.map((o) => (o.status === 'rejected' ? String(o.reason) : 'ok'))).toEqual(['ok', 'ok']);
      });
    }
  }, 120_000);
});
