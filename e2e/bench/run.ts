/**
 * `npm run bench`: every figure of the performance work beside its target. Sections (all by default;
 * `BENCH_SECTIONS=latency,load,scale,contacts,size` picks some):
 *  - latency: click → connect, webhook → ring, webhook → pre_accept in Chromium (latency.ts);
 *  - load: signed webhooks at 200/s and at the maximum rate, PGlite / PostgreSQL / two instances,
 *    against a bare Fastify route in the same run (webhook-load.ts);
 *  - scale: 1,000 inbound + 1,000 outbound calls held on one number, PostgreSQL (scale.ts);
 *  - contacts: pages of 50 at 100k contacts, a pair with a 100k-entry ledger (contacts-scale.ts);
 *  - floor: the supervisor's live calls table, 2,000 calls updated every second, scrolling, in
 *    Chromium; plus a one-call baseline of the same page (floor-fps.ts);
 *  - size: what the browser downloads, gzipped (the production build must exist: `npm run build`).
 * Figures from a shared 2-core machine: compare ratios within one run, not values across runs.
 */
import { kb, measureBundle } from '../support/bundle-size.ts';
import { contactsScale } from './contacts-scale.ts';
import { measureFloorFps } from './floor-fps.ts';
import { latency } from './latency.ts';
import { table, type Row } from './lib/stats.ts';
import { scale } from './scale.ts';
import { webhookLoad } from './webhook-load.ts';

const port = Number(process.env.BENCH_PORT ?? 3200);
const chosen = new Set((process.env.BENCH_SECTIONS ?? 'size,latency,floor,load,contacts,scale').split(',').map((s) => s.trim()));

function size(): { rows: Row[]; log: string[] } {
  const report = measureBundle();
  return {
    rows: [{ figure: 'first load (entry JS + CSS), gzipped', unit: 'kB', runs: [report.firstLoadBytes / 1024], target: { op: '<=', value: 100 } }],
    log: [`lazy chunks, gzipped: ${kb(report.lazyBytes)} (${report.lazy.map((a) => `${a.file.replace(/^assets\//, '')} ${kb(a.gzipBytes)}`).join(', ')})`],
  };
}

async function floor(): Promise<{ rows: Row[]; log: string[] }> {
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await measureFloorFps({ calls: 2000, seconds: 10 }));
  const baseline = await measureFloorFps({ calls: 1, seconds: 10 });
  return {
    rows: [
      { figure: 'floor: 2,000 live calls updating every second, scrolling', unit: 'fps', runs: runs.map((r) => r.fps), target: { op: '>=', value: 50 } },
      { figure: 'floor: longest frame', unit: 'ms', runs: runs.map((r) => r.longestFrameMs) },
      { figure: 'floor: the same page with 1 call (this machine\'s baseline)', unit: 'fps', runs: [baseline.fps] },
    ],
    log: [`floor: ${runs[0]!.rendered} rows in the DOM of ${runs[0]!.calls} (virtualised)`],
  };
}

const sections: Array<[string, string, () => Promise<{ rows: Row[]; log: string[] }>]> = [
  ['size', 'What the browser downloads', async () => size()],
  ['latency', 'Latency in the browser (simulator mode, PGlite)', () => latency(port)],
  ['floor', "The supervisor's live calls table (Chromium)", floor],
  ['load', 'Webhook acks under load (Meta mode)', () => webhookLoad(port + 10)],
  ['contacts', 'Contacts at scale (Meta mode, PostgreSQL)', () => contactsScale(port + 20)],
  ['scale', "Meta's ceiling on one number (Meta mode, PostgreSQL, no media)", () => scale(port + 30)],
];

async function main() {
  const out: string[] = [`Ringside bench — Node ${process.version}, ${new Date().toISOString()}`];
  let failed = false;
  for (const [id, title, run] of sections) {
    if (!chosen.has(id)) continue;
    process.stderr.write(`bench: ${title}…\n`);
    const started = performance.now();
    try {
      const { rows, log } = await run();
      out.push('', table(`${title} (${((performance.now() - started) / 1000).toFixed(0)} s)`, rows), ...log.map((l) => `  ${l}`));
    } catch (err) {
      failed = true;
      out.push('', `${title}: FAILED — ${(err as Error).stack ?? String(err)}`);
    }
    process.stdout.write(`${out.splice(0).join('\n')}\n`);
  }
  if (failed) process.exitCode = 1;
}

void main();
