/**
 * The live calls table under load: 2,000 synthetic calls, each updated once a second, in Debian's
 * Chromium, while the table scrolls. Prints frames per second and the longest frame. Target:
 * ≥ 50 fps on this 2-core machine. Standalone: `npx tsx e2e/bench/floor-fps.ts`
 * (FLOOR_BENCH_CALLS, FLOOR_BENCH_SECONDS). The page is `src/client/features/supervisor/floor-bench.tsx`,
 * bundled here with esbuild and the built app's stylesheet (when `npm run build` made one).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from '@playwright/test';
import { build } from 'esbuild';

export interface FloorFps { calls: number; seconds: number; scroll: boolean; updates: boolean; fps: number; longestFrameMs: number; frames: number; rendered: number }

const root = resolve(import.meta.dirname, '../..');

async function bundle(): Promise<string> {
  const out = await build({
    entryPoints: [join(root, 'src/client/features/supervisor/floor-bench.tsx')],
    bundle: true, write: false, format: 'iife', jsx: 'automatic', minify: true, target: 'es2022', define: { 'process.env.NODE_ENV': '"production"' },
  });
  return out.outputFiles[0]!.text;
}

function stylesheet(): string {
  const assets = join(root, 'dist/client/assets');
  if (!existsSync(assets)) return '';
  const css = readdirSync(assets).find((f) => f.startsWith('index-') && f.endsWith('.css'));
  return css ? readFileSync(join(assets, css), 'utf8') : '';
}

export async function measureFloorFps({ calls = 2000, seconds = 10, scroll = true, updates = true } = {}): Promise<FloorFps> {
  const [script, css] = [await bundle(), stylesheet()];
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.setContent(`<!doctype html><html><head><style>${css}</style></head><body><div id="root"></div></body></html>`);
    await page.addScriptTag({ content: script });
    // The page defines `runFloorBench` (floor-bench.tsx).
    const result = await page.evaluate((o) => (window as unknown as { runFloorBench(x: typeof o): Promise<Omit<FloorFps, 'calls' | 'seconds' | 'scroll' | 'updates'>> }).runFloorBench(o), { calls, seconds, scroll, updates });
    return { calls, seconds, scroll, updates, ...result };
  } finally {
    await browser.close();
  }
}

export function printFloorFps(r: FloorFps): void {
  const verdict = r.fps >= 50 ? 'meets ≥ 50 fps' : `misses 50 fps by ${(50 - r.fps).toFixed(1)}`;
  process.stdout.write(`Floor live calls: ${r.calls} calls${r.updates ? ' updated every second' : ''}, ${r.seconds} s${r.scroll ? ' scrolling' : ''}: ${r.fps.toFixed(1)} fps, longest frame ${r.longestFrameMs.toFixed(1)} ms (${r.frames} frames, ${r.rendered} rows in the DOM) — ${verdict}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await measureFloorFps({
    calls: Number(process.env.FLOOR_BENCH_CALLS ?? 2000), seconds: Number(process.env.FLOOR_BENCH_SECONDS ?? 10),
    scroll: process.env.FLOOR_BENCH_SCROLL !== '0', updates: process.env.FLOOR_BENCH_UPDATES !== '0',
  });
  printFloorFps(result);
}
