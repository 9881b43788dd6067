/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

/**
 * Fails the client build when a server-only package is reached, however indirectly (ESLint sees
 * only direct imports): libphonenumber's metadata alone would be a third of the first load, zod a
 * quarter (the browser checks answers with src/client/lib/shape.ts; type imports are fine).
 */
function serverOnly(packages: readonly string[]): Plugin {
  return {
    name: 'ringside:server-only',
    apply: 'build',
    enforce: 'pre',
    resolveId(source, importer) {
      if (packages.some((p) => source === p || source.startsWith(`${p}/`))) {
        this.error(`${source} must not reach the browser (imported by ${importer ?? 'the entry'}); see vite.config.ts serverOnly.`);
      }
      return null;
    },
  };
}

const api = `http://127.0.0.1:${process.env.PORT ?? 3000}`;

export default defineConfig({
  plugins: [react(), tailwindcss(), serverOnly(['libphonenumber-js', 'zod'])],
  // The manifest tells the size budget (e2e/support/bundle-size.ts) what the first load is.
  build: { outDir: 'dist/client', emptyOutDir: true, manifest: true },
  server: { proxy: { '/api': api, '/webhooks': api, '/healthz': api } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'node', environment: 'node', include: ['src/{shared,server,simulator}/**/*.test.ts', 'e2e/integration/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 },
      },
      {
        extends: true,
        test: { name: 'client', environment: 'happy-dom', include: ['src/client/**/*.test.{ts,tsx}'] },
      },
    ],
  },
});
