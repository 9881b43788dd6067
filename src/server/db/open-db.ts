/**
 * Opens the database: PostgreSQL when a URL is given, else PGlite (embedded, in `dataDir`, or in
 * memory when `dataDir` is undefined). Both run the same drizzle migrations.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema.ts';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DbKind = 'pglite' | 'postgres';

export interface OpenDb {
  db: Db;
  kind: DbKind;
  close(): Promise<void>;
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

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
    await migrate(db, { migrationsFolder });
    return { db: db as unknown as Db, kind: 'postgres', close: () => pool.end() };
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
  return { db: db as unknown as Db, kind: 'pglite', close: () => client.close() };
}
