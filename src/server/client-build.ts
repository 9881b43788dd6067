/**
 * The production build of the browser client, made before the server starts serving it. Vite runs
 * in a child process, never inside the server: a build holds ~500 MB that the server would keep
 * (its RSS went from ~0.95 to ~1.45 GB after a first-run build in-process).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the client build is made from, relative to the project root. */
const sources = ['src/client', 'src/shared', 'public', 'index.html', 'vite.config.ts', 'package-lock.json'];
/** Written last by every build (vite.config.ts `build.manifest`), so its age is the build's age. */
const stamp = 'dist/client/.vite/manifest.json';

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

/** `missing` (never built), `stale` (a source changed since), or `fresh`. */
export function clientBuildState(root: string): 'missing' | 'stale' | 'fresh' {
  const built = join(root, stamp);
  if (!existsSync(built) || !existsSync(join(root, 'dist/client/index.html'))) return 'missing';
  const newestSource = Math.max(...sources.map((s) => newestMtime(join(root, s))));
  return newestSource > statSync(built).mtimeMs ? 'stale' : 'fresh';
}

/** Runs `vite build` in a child process; resolves when it succeeded. */
export function buildClient(root: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`The client build failed (${signal ?? `exit code ${code}`}).`))));
  });
}
