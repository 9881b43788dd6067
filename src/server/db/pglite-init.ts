/**
 * Creates a PGlite data directory, run as a child process by `openDb`. Why a child: initdb runs in
 * its own WebAssembly instance whose ~500 MB stay in the process until a full GC that an idle server
 * may not run for a long time; in a child they are returned to the system when it exits, and the
 * server opens the finished directory at PGlite's reopen floor.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pgliteOptions } from './pglite-options.ts';

const entry = fileURLToPath(import.meta.url);

/** Initialises `dataDir` in a child process; resolves once it exists. */
export function initPgliteInChild(dataDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, dataDir], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`Creating the PGlite database in ${dataDir} failed (${signal ?? `exit code ${code}`}).`))));
  });
}

if (process.argv[1] === entry) {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: pglite-init.ts <dataDir>');
  const db = new PGlite(dataDir, pgliteOptions(PGlite.defaultStartParams));
  await db.waitReady;
  await db.close();
}
