import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientBuildState } from './client-build.ts';

let root: string;
const write = (path: string, at: number) => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), 'x');
  utimesSync(join(root, path), at / 1000, at / 1000);
};
// Directories get the real clock's mtime as files are added, so the build and the newer sources
// are stamped well after now, and the old sources before it.
const now = Date.now();
const T = now - 10_000;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ringside-client-build-'));
  write('src/client/app/app.tsx', T);
  write('src/shared/call.ts', T);
  write('index.html', T);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('clientBuildState', () => {
  it('is missing without a build, or with a build that has no manifest', () => {
    expect(clientBuildState(root)).toBe('missing');
    write('dist/client/index.html', now + 10_000);
    expect(clientBuildState(root)).toBe('missing');
  });

  it('is fresh when the build is newer than every source, stale once any source is newer', () => {
    write('dist/client/index.html', now + 10_000);
    write('dist/client/.vite/manifest.json', now + 10_000);
    expect(clientBuildState(root)).toBe('fresh');
    write('src/client/features/softphone/deep/new-file.tsx', now + 20_000);
    expect(clientBuildState(root)).toBe('stale');
  });

  it('counts shared code, the page and the lock file as sources, but not the server', () => {
    write('dist/client/index.html', now + 10_000);
    write('dist/client/.vite/manifest.json', now + 10_000);
    write('src/server/app.ts', now + 50_000);
    expect(clientBuildState(root)).toBe('fresh');
    for (const source of ['src/shared/call.ts', 'index.html', 'package-lock.json']) {
      write('dist/client/.vite/manifest.json', now + 10_000);
      write(source, now + 20_000);
      expect(clientBuildState(root), source).toBe('stale');
      write(source, T);
    }
  });
});
