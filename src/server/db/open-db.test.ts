import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from './open-db.ts';
import { contacts } from './schema.ts';

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
