/**
 * How Ringside runs PGlite (embedded PostgreSQL in WebAssembly). Everything PostgreSQL allocates
 * lives in PGlite's WebAssembly heap, which never shrinks, so the settings are memory settings.
 */
import v8 from 'node:v8';
import type { PGliteOptions } from '@electric-sql/pglite';

/**
 * Why 16 MB of shared buffers, not PostgreSQL's 128 MB: the embedded database is a single-instance,
 * demo-sized one (a few MB of rows) that fits several times over, and each buffer MB is resident.
 * Measured on a reopened data directory: 336 MB RSS with the default, 214 MB with 16 MB, 204 MB with
 * 8 MB (PGlite's floor: its WebAssembly module and 128 MB initial heap). PostgreSQL deployments
 * (DATABASE_URL) are not affected.
 */
export const pgliteSharedBuffers = '16MB';

/** `defaults`: `PGlite.defaultStartParams` (passed in, so this module loads nothing of PGlite before `preferBaselineWasm`). */
export function pgliteOptions(defaults: readonly string[]): PGliteOptions {
  return { startParams: [...defaults, '-c', `shared_buffers=${pgliteSharedBuffers}`] };
}

/**
 * Why Liftoff only: V8 compiles PGlite's WebAssembly (PostgreSQL itself) to baseline code, then again
 * to optimised code for hot functions in background threads. The second copy cost ~60 MB RSS, and on
 * a small machine the compiling costs more than it wins: on a reopened data directory, 195 vs 258 MB
 * RSS idle and 2.0–2.9 vs 5.1–7.6 ms per contacts query (500 queries after a warm-up, 2 shared cores).
 * The server runs no other WebAssembly. Set before PGlite compiles its module.
 */
export function preferBaselineWasm(): void {
  v8.setFlagsFromString('--liftoff-only');
}
