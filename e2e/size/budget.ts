/**
 * `npm run test:size` (after `npm run build`): fails when the first load (entry JS + CSS that
 * index.html pulls in) grows past the budget. Why 100 kB gzipped: an agent's browser on a slow
 * office link still shows sign-in within a second or two; react-dom alone is ~60 kB of it.
 */
import { existsSync } from 'node:fs';
import { kb, measureBundle } from '../support/bundle-size.ts';

const budgetBytes = 100 * 1024;

if (!existsSync('dist/client/.vite/manifest.json')) {
  console.error('test:size needs the production build: run `npm run build` first.');
  process.exit(1);
}
const report = measureBundle();
const lines = [
  'First load (index.html), gzipped:',
  ...report.firstLoad.map((a) => `  ${a.file.padEnd(44)} ${kb(a.gzipBytes).padStart(9)}`),
  `  ${'total'.padEnd(44)} ${kb(report.firstLoadBytes).padStart(9)}  (budget ${kb(budgetBytes)})`,
  'Lazy chunks, gzipped:',
  ...report.lazy.map((a) => `  ${a.file.padEnd(44)} ${kb(a.gzipBytes).padStart(9)}`),
];
console.warn(lines.join('\n'));
if (report.firstLoadBytes > budgetBytes) {
  console.error(`First load is ${kb(report.firstLoadBytes)}, over the ${kb(budgetBytes)} budget. Move code behind a lazy import (app/screens.ts) or drop a dependency.`);
  process.exit(1);
}
