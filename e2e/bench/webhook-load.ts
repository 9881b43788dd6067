/**
 * Webhook load: signed deliveries at a fixed 200/s, then as fast as the server takes them, each for
 * 15 s, on PGlite, on PostgreSQL, and split over two instances on PostgreSQL; with a bare Fastify
 * route measured the same way for ratios. Figures: ack latency (send → response), throughput,
 * errors, events lost (applied vs sent, once the backlog drains), server RSS.
 */
import http from 'node:http';
import { benchNumber, freshDatabase, startBareRoute, startRingside, type Instance } from './lib/instances.ts';
import { signedCallsChange, type Delivery } from './lib/meta-webhook.ts';
import { percentile, type Row } from './lib/stats.ts';

const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? 15);
const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
const sdp = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:x\r\na=ice-pwd:yyyyyyyyyyyyyyyyyyyyyy\r\na=fingerprint:sha-256 00:00\r\na=setup:actpass\r\na=mid:0\r\na=rtpmap:111 opus/48000/2\r\n';

/** Deliveries of distinct inbound calls: each call's connect, then its terminate a little later. */
function deliveries(run: string, count: number): Delivery[] {
  const ts = Math.floor(Date.now() / 1000);
  const out: Delivery[] = [];
  const make = (value: Record<string, unknown>) => out.push(signedCallsChange(value));
  for (let i = 0; out.length < count; i++) {
    const from = `5511${String(960_000_000 + (i % 5000))}`;
    const id = `wacid.BENCH-${run}-${i}`;
    make({ contacts: [{ profile: { name: `Load ${i % 5000}` }, wa_id: from }], calls: [{ id, from, to: benchNumber.display, event: 'connect', timestamp: String(ts), direction: 'USER_INITIATED', session: { sdp_type: 'offer', sdp } }] });
    make({ calls: [{ id, from, to: benchNumber.display, event: 'terminate', timestamp: String(ts + 5), direction: 'USER_INITIATED', status: 'COMPLETED' }] });
  }
  return out.slice(0, count);
}

function post(url: URL, d: Delivery): Promise<{ ms: number; ok: boolean }> {
  const start = performance.now();
  return new Promise((resolve) => {
    const req = http.request({ host: url.hostname, port: url.port, path: '/webhooks/whatsapp', method: 'POST', agent, headers: { 'content-type': 'application/json', 'x-hub-signature-256': d.signature, 'content-length': d.body.length } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ ms: performance.now() - start, ok: (res.statusCode ?? 0) < 300 }));
    });
    req.on('error', () => resolve({ ms: performance.now() - start, ok: false }));
    req.setTimeout(20_000, () => req.destroy());
    req.end(d.body);
  });
}

interface Phase { latencies: number[]; errors: number; sent: number; perSecond: number }

/** Sends at `rate` per second for the phase's duration, round-robin over the targets. */
async function fixedRate(targets: URL[], load: Delivery[], rate: number): Promise<Phase> {
  const start = performance.now();
  const pending: Array<Promise<{ ms: number; ok: boolean }>> = [];
  let k = 0;
  while (k < load.length) {
    const due = Math.min(load.length, Math.floor(((performance.now() - start) / 1000) * rate) + 1);
    for (; k < due; k++) pending.push(post(targets[k % targets.length]!, load[k]!));
    await new Promise((r) => setTimeout(r, 2));
  }
  const results = await Promise.all(pending);
  return { latencies: results.map((r) => r.ms), errors: results.filter((r) => !r.ok).length, sent: results.length, perSecond: rate };
}

/** As fast as it goes: `concurrency` senders, each waiting for its answer before the next. */
async function maxRate(targets: URL[], load: Delivery[], concurrency: number, durationMs: number): Promise<Phase> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const end = performance.now() + durationMs;
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async (_, w) => {
    while (performance.now() < end && next < load.length) {
      const r = await post(targets[w % targets.length]!, load[next++]!);
      latencies.push(r.ms);
      if (!r.ok) errors++;
    }
  }));
  return { latencies, errors, sent: latencies.length, perSecond: latencies.length / ((performance.now() - start) / 1000) };
}

/** Waits until every instance applied what it received; returns how many events were applied. */
async function drained(instances: Instance[], before: number, expected: number, timeoutMs = 300_000): Promise<number> {
  const end = Date.now() + timeoutMs;
  let applied = 0;
  while (Date.now() < end) {
    const backlog = (await Promise.all(instances.map((i) => i.metric('ringside_webhook_backlog')))).reduce((a, b) => a + b, 0);
    applied = (await Promise.all(instances.map((i) => i.metric('ringside_webhook_events_applied_total')))).reduce((a, b) => a + b, 0) - before;
    if (backlog === 0 && applied >= expected) break;
    await new Promise((r) => setTimeout(r, 500)); // the backlog gauge is read, not awaited: no event to wait on across processes
  }
  return applied;
}

export interface LoadResult { rows: Row[]; log: string[] }

async function section(label: string, instances: Instance[], runTag: string): Promise<{ rows: Row[]; log: string[] }> {
  const targets = instances.map((i) => new URL(i.url));
  const log: string[] = [];
  // Warm-up: one second at the fixed rate, reported apart.
  const warm = await fixedRate(targets, deliveries(`${runTag}w`, 200), 200);
  log.push(`${label}: warm-up (cold) ack p50 ${percentile(warm.latencies, 50).toFixed(1)} ms, p99 ${percentile(warm.latencies, 99).toFixed(1)} ms`);
  const base = (await Promise.all(instances.map((i) => i.metric('ringside_webhook_events_applied_total')))).reduce((a, b) => a + b, 0);
  await drained(instances, base, 0);
  const before = (await Promise.all(instances.map((i) => i.metric('ringside_webhook_events_applied_total')))).reduce((a, b) => a + b, 0);
  const steady = await fixedRate(targets, deliveries(`${runTag}s`, 200 * seconds), 200);
  const appliedSteady = await drained(instances, before, steady.sent - steady.errors);
  const beforeMax = before + appliedSteady;
  const max = await maxRate(targets, deliveries(`${runTag}m`, 4000 * seconds), 64, seconds * 1000);
  const appliedMax = await drained(instances, beforeMax, max.sent - max.errors);
  const rss = Math.max(...(await Promise.all(instances.map((i) => i.metric('process_resident_memory_bytes'))))) / 1e6;
  log.push(`${label}: 200/s ${steady.sent} sent, ${steady.errors} errors, ${steady.sent - steady.errors - appliedSteady} lost; max ${max.perSecond.toFixed(0)}/s ${max.sent} sent, ${max.errors} errors, ${max.sent - max.errors - appliedMax} lost; RSS ${rss.toFixed(0)} MB`);
  return {
    log,
    rows: [
      { figure: `${label}: ack p50 at 200/s`, unit: 'ms', runs: [percentile(steady.latencies, 50)] },
      { figure: `${label}: ack p99 at 200/s`, unit: 'ms', runs: [percentile(steady.latencies, 99)], target: { op: '<=', value: 20 } },
      { figure: `${label}: max rate`, unit: '/s', runs: [max.perSecond], ...(label.includes('PostgreSQL') ? { target: { op: '>=' as const, value: 2000 } } : {}) },
      { figure: `${label}: ack p99 at max rate`, unit: 'ms', runs: [percentile(max.latencies, 99)] },
      { figure: `${label}: errors + lost`, unit: 'count', runs: [steady.errors + max.errors + (steady.sent - steady.errors - appliedSteady) + (max.sent - max.errors - appliedMax)], target: { op: '<=', value: 0 } },
      { figure: `${label}: server RSS`, unit: 'MB', runs: [rss] },
    ],
  };
}

export async function webhookLoad(basePort: number): Promise<LoadResult> {
  const log: string[] = [];
  const rows: Row[] = [];
  const bare = await startBareRoute(basePort + 9);
  try {
    const t = [new URL(bare.url)];
    const steady = await fixedRate(t, deliveries('bare-s', 200 * seconds), 200);
    const max = await maxRate(t, deliveries('bare-m', 8000 * seconds), 64, seconds * 1000);
    rows.push({ figure: 'bare Fastify route: ack p99 at 200/s', unit: 'ms', runs: [percentile(steady.latencies, 99)] });
    rows.push({ figure: 'bare Fastify route: max rate', unit: '/s', runs: [max.perSecond] });
    log.push(`bare route: ack p50 ${percentile(steady.latencies, 50).toFixed(1)} ms at 200/s; max ${max.perSecond.toFixed(0)}/s (p99 ${percentile(max.latencies, 99).toFixed(1)} ms)`);
  } finally {
    await bare.stop();
  }
  const graphUrl = 'http://127.0.0.1:9'; // Graph is never asked while applying inbound calls
  const only = process.env.BENCH_LOAD_SETUPS?.split(',');
  for (const setup of ['PGlite', 'PostgreSQL', 'PostgreSQL, 2 instances'] as const) {
    if (only && !only.some((o) => setup.toLowerCase().startsWith(o.toLowerCase()))) continue;
    const db = setup === 'PGlite' ? null : await freshDatabase();
    const instances: Instance[] = [];
    try {
      instances.push(await startRingside({ port: basePort, graphUrl, ...(db ? { databaseUrl: db.url } : {}) }));
      if (setup.includes('2 instances')) instances.push(await startRingside({ port: basePort + 2, graphUrl, databaseUrl: db!.url }));
      const result = await section(setup, instances, setup.replace(/\W/g, ''));
      rows.push(...result.rows);
      log.push(...result.log);
    } finally {
      for (const i of instances) await i.stop();
      await db?.drop();
    }
  }
  return { rows, log };
}
