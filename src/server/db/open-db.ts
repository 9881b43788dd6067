/**
 * Opens the database: PostgreSQL when a URL is given, else PGlite (embedded, in `dataDir`, or in
 * memory when `dataDir` is undefined). Both run the same drizzle migrations.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DbKind = 'pglite' | 'postgres';

export interface OpenDb {
  db: Db;
  kind: DbKind;
  /** Reachable now, and every migration this build knows is applied (for `/readyz`). */
  readiness(): Promise<{ ready: true } | { ready: false; reason: string }>;
  close(): Promise<void>;
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** Any fixed 64-bit number, the same in every instance: the advisory lock that serialises migrations. */
const migrationLockKey = 7_234_611_002_918_451n;

/**
 * `onIdleError`: an idle pooled connection can be closed by the server (restart, failover); the
 * pool replaces it, and without a listener Node would treat the event as an uncaught exception.
 */
export async function openDb(opts: { url?: string; dataDir?: string; onIdleError?: (err: Error) => void }): Promise<OpenDb> {
  if (opts.url) {
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    const pg = (await import('pg')).default;
    const pool = new pg.Pool({ connectionString: opts.url, max: 10 });
    pool.on('error', opts.onIdleError ?? ((err) => console.error('PostgreSQL connection lost:', err.message)));
    const db = drizzle(pool, { schema });
    // Instances starting together would each create drizzle's table and apply the same migration;
    // the session-level lock makes the others wait, then find nothing left to do.
    const lock = await pool.connect();
    try {
      await lock.query('select pg_advisory_lock($1)', [migrationLockKey.toString()]);
      await migrate(db, { migrationsFolder });
    } finally {
      await lock.query('select pg_advisory_unlock($1)', [migrationLockKey.toString()]).finally(() => lock.release());
    }
    return { db: db as unknown as Db, kind: 'postgres', readiness: () => readiness(db as unknown as Db), close: () => pool.end() };
  }
  const { pgliteOptions, preferBaselineWasm } = await import('./pglite-options.ts');
  if (opts.dataDir) {
    // The server's embedded database (tests use in-memory ones): created in a child process, then
    // opened at PGlite's memory floor (pglite-options.ts, pglite-init.ts).
    preferBaselineWasm();
    if (!existsSync(join(opts.dataDir, 'PG_VERSION'))) await (await import('./pglite-init.ts')).initPgliteInChild(opts.dataDir);
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const client = new PGlite(opts.dataDir, pgliteOptions(PGlite.defaultStartParams));
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder });
  return { db: db as unknown as Db, kind: 'pglite', readiness: () => readiness(db as unknown as Db), close: () => client.close() };
}

const latestMigration = (): number => {
  const journal = JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as { entries: Array<{ when: number }> };
  return Math.max(...journal.entries.map((e) => e.when));
};

async function readiness(db: Db): Promise<{ ready: true } | { ready: false; reason: string }> {
  try {
    const result = await db.execute<{ applied: string | null }>(sql`select max(created_at)::text as applied from drizzle.__drizzle_migrations`);
    const applied = Number((result as unknown as { rows: Array<{ applied: string | null }> }).rows[0]?.applied ?? 0);
    return applied >= latestMigration() ? { ready: true } : { ready: false, reason: 'database migrations are not all applied' };
  } catch (err) {
    return { ready: false, reason: `database unreachable: ${(err as Error).message}` };
  }
}
