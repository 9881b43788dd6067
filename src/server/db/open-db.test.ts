import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresAvailable, testPgUrl } from '../test-support.ts';
import { openDb } from './open-db.ts';
import { contacts } from './schema.ts';

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

const dir = mkdtempSync(join(tmpdir(), 'ringside-pglite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the server\'s embedded database', () => {
  // initdb in a child process takes seconds (tens on a busy 2-core machine).
  it('is created in a child process, migrated, opened with small shared buffers, and reopens with its data', { timeout: 180_000 }, async () => {
    const dataDir = join(dir, 'pglite');
    const first = await openDb({ dataDir });
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
    const setting = (await first.db.execute(sql`show shared_buffers`)) as unknown as { rows: Array<{ shared_buffers: string }> };
    expect(setting.rows[0]?.shared_buffers).toBe('16MB');
    await first.db.insert(contacts).values({ waId: '5511912345678', name: 'Ana' });
    await first.close();

    const again = await openDb({ dataDir });
    expect((await again.db.select().from(contacts)).map((c) => c.name)).toEqual(['Ana']);
    await again.close();
  });
});
