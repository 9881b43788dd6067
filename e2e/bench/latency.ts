/// <reference lib="dom" />
/**
 * Latency in the browser: the product in simulator mode (fresh data), Debian's Chromium with fake
 * devices, an agent signed in. Several runs of `iterations` each; every run's first iteration is the
 * cold one and is reported apart. Times come from timestamps (the simulator's log, the page's User
 * Timing marks), never from when the bench noticed, so its polling (every 25 ms) does not shape them.
 *
 *  - click → connect: the agent's click on Call → the simulator (standing in for Meta) receives the
 *    Graph `connect`; broken down into mic, offer (SDP with its first usable candidate), our server.
 *  - webhook → ring: the simulator sends the `connect` webhook of a user-initiated call → the incoming
 *    card is in the agent's DOM; broken down into server + push, and page (handling + render).
 *  - webhook → pre_accept: the same webhook → the simulator receives our Graph `pre_accept`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { simLogSchema, type SimLogEntry } from '../../src/shared/sim-api.ts';
import { percentile, type Row } from './lib/stats.ts';

const iterations = Number(process.env.BENCH_ITERATIONS ?? 20);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const brLine = '100000000000001';
const callee = '5511912345678';
const caller = '5531987651234';
const controlToken = 'bench-simulator-control-token';

interface Product { app: string; sim: string; child: ChildProcess }

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await wait(25); // another process's state: polled, and the figure comes from its timestamps
  }
}

async function startProduct(port: number): Promise<Product> {
  // The embedded defaults (PGlite, whatever DATABASE_URL the shell has); no after-call work between
  // iterations, so every ring finds the agent available.
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), SIMULATOR_PORT: String(port + 1), SIMULATOR_CONTROL_TOKEN: controlToken, WRAP_UP_SECONDS: '0', DATA_DIR: mkdtempSync(join(tmpdir(), 'ringside-bench-')), LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const app = `http://127.0.0.1:${port}`;
  await until('the product to start', async () => ((await fetch(`${app}/healthz`).catch(() => null))?.ok ? true : undefined), 180_000);
  return { app, sim: `http://127.0.0.1:${port + 1}`, child };
}

function simClient(p: Product) {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${controlToken}` };
  const call = async (path: string, body?: unknown, method = 'POST') => {
    const res = await fetch(`${p.sim}/_sim${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!res.ok) throw new Error(`simulator ${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<unknown>;
  };
  const log = async (after: number): Promise<SimLogEntry[]> => simLogSchema.parse(await call(`/log?after=${after}`, undefined, 'GET')).entries;
  return { call, log, lastSeq: async () => (await log(0)).at(-1)?.seq ?? 0 };
}

/** The page's marks of one phase, as wall-clock times. */
const marks = (page: Page, phase: 'dial' | 'ring') => page.evaluate((prefix) => Object.fromEntries(
  performance.getEntriesByType('mark').filter((m) => m.name.startsWith(prefix)).map((m) => [m.name.slice(prefix.length), performance.timeOrigin + m.startTime]),
), `ringside:${phase}:`);

interface Sample { total: number; parts: Record<string, number> }

/** In the bench's pages: requests in flight, and every resource timing kept (the default buffer holds 250). */
const countRequests = () => {
  performance.setResourceTimingBufferSize(1_000_000);
  const w = window as unknown as { inflight: number };
  w.inflight = 0;
  const original = window.fetch.bind(window);
  window.fetch = (...args: Parameters<typeof fetch>) => {
    w.inflight++;
    return original(...args).finally(() => { w.inflight--; });
  };
};

/**
 * The page has settled after the previous call, as an agent's page has by the time she acts: it
 * re-read its contacts after `since` (the call's end reaches it) and no request is in flight.
 */
const settled = (page: Page, since: number) => page.waitForFunction((t) => (window as unknown as { inflight: number }).inflight === 0
  && performance.getEntriesByType('resource').some((e) => e.name.includes('/api/contacts?') && performance.timeOrigin + e.startTime > t && (e as PerformanceResourceTiming).responseEnd > 0), since);

const wallNow = (page: Page) => page.evaluate(() => performance.timeOrigin + performance.now());

async function clickToConnect(page: Page, sim: ReturnType<typeof simClient>): Promise<Sample[]> {
  await sim.call(`/users/${callee}`, { on_call: 'ignore' }, 'PUT');
  const samples: Sample[] = [];
  for (let i = 0; i < iterations; i++) {
    const after = await sim.lastSeq();
    await page.locator(`[data-testid="contact-row"][data-wa-id="${callee}"] [data-testid="call-contact"]:enabled`).waitFor();
    const clickedAt = await page.evaluate((waId) => {
      const button = document.querySelector<HTMLButtonElement>(`[data-testid="contact-row"][data-wa-id="${waId}"] [data-testid="call-contact"]`);
      if (!button) throw new Error('no Call button');
      const t = performance.timeOrigin + performance.now();
      button.click();
      return t;
    }, callee);
    const connect = await until('connect at the simulator', async () => (await sim.log(after)).find((e) => e.kind === 'graph' && e.action === 'connect'));
    const m = await marks(page, 'dial');
    samples.push({
      total: connect.at - clickedAt,
      parts: { 'click → mic': (m.mic ?? NaN) - clickedAt, 'mic → offer with a candidate': (m.offer ?? NaN) - (m.mic ?? NaN), 'POST → connect at Meta (server)': connect.at - (m.post ?? NaN) },
    });
    // Cancel before the customer answers: neither the quota nor the unanswered streak changes.
    const hangUpAt = await wallNow(page);
    await page.getByRole('button', { name: 'Hang up' }).click();
    await until('the terminate webhook', async () => (await sim.log(after)).find((e) => e.kind === 'webhook' && e.event === 'terminate' && e.call_id === connect.call_id && e.status === 200));
    await settled(page, hangUpAt);
  }
  return samples;
}

async function webhookToRing(page: Page, sim: ReturnType<typeof simClient>): Promise<{ ring: Sample[]; preAccept: Sample[] }> {
  const ring: Sample[] = [];
  const preAccept: Sample[] = [];
  for (let i = 0; i < iterations; i++) {
    await page.evaluate(() => {
      const w = window as unknown as { ringAt: number | null; ringObserver?: MutationObserver };
      w.ringAt = null;
      w.ringObserver?.disconnect();
      w.ringObserver = new MutationObserver(() => {
        if (w.ringAt === null && document.querySelector('[data-testid="incoming-call"]')) w.ringAt = performance.timeOrigin + performance.now();
      });
      w.ringObserver.observe(document.body, { childList: true, subtree: true });
    });
    const after = await sim.lastSeq();
    const { call_id: callId } = await sim.call(`/users/${caller}/calls`, { phone_number_id: brLine }) as { call_id: string };
    const ringAt = await until('the ring', () => page.evaluate(() => (window as unknown as { ringAt: number | null }).ringAt ?? undefined));
    const webhook = await until('the connect webhook', async () => (await sim.log(after)).find((e) => e.kind === 'webhook' && e.event === 'connect' && e.call_id === callId));
    const sentAt = webhook.sent_at ?? webhook.at;
    const m = await marks(page, 'ring');
    ring.push({ total: ringAt - sentAt, parts: { 'webhook → push handled (server + stream)': (m.start ?? NaN) - sentAt, 'push → card in the DOM (page)': ringAt - (m.start ?? NaN) } });
    const pre = await until('pre_accept at the simulator', async () => (await sim.log(after)).find((e) => e.kind === 'graph' && e.action === 'pre_accept' && e.call_id === callId));
    const ringMarks = await marks(page, 'ring'); // read once the POST went: the answer is made while the card renders
    preAccept.push({
      total: pre.at - sentAt,
      parts: {
        'push → answer SDP (page)': (ringMarks.answer ?? NaN) - (ringMarks.start ?? NaN),
        'answer → POST (page)': (ringMarks.post ?? NaN) - (ringMarks.answer ?? NaN),
        'POST → pre_accept at Meta (server)': pre.at - (ringMarks.post ?? NaN),
      },
    });
    const declinedAt = await wallNow(page);
    await page.getByRole('button', { name: 'Decline' }).click();
    await until('the terminate webhook', async () => (await sim.log(after)).find((e) => e.kind === 'webhook' && e.event === 'terminate' && e.call_id === callId));
    await settled(page, declinedAt);
  }
  return { ring, preAccept };
}

/** p50/p99 over every warm sample of every run, with each run's own figure for the spread. */
function rowsFor(label: string, perRun: number[][], targets: { p50?: number; p99?: number }): Row[] {
  const warm = perRun.map((r) => r.slice(1));
  const cold = perRun.map((r) => r[0]!).filter((v) => Number.isFinite(v));
  return [
    { figure: `${label} p50`, unit: 'ms', runs: warm.map((r) => percentile(r, 50)), ...(targets.p50 ? { target: { op: '<=' as const, value: targets.p50 } } : {}), note: `all runs ${percentile(warm.flat(), 50).toFixed(1)}` },
    { figure: `${label} p99`, unit: 'ms', runs: warm.map((r) => percentile(r, 99)), ...(targets.p99 ? { target: { op: '<=' as const, value: targets.p99 } } : {}), note: `all runs ${percentile(warm.flat(), 99).toFixed(1)} (n=${warm.flat().length})` },
    { figure: `${label} cold (first of a run)`, unit: 'ms', runs: cold },
  ];
}

function breakdown(label: string, perRun: Sample[][]): Row[] {
  const names = Object.keys(perRun[0]?.[0]?.parts ?? {});
  return names.map((n) => ({ figure: `  ${label}: ${n}, median`, unit: 'ms', runs: perRun.map((r) => percentile(r.slice(1).map((s) => s.parts[n]!).filter(Number.isFinite), 50)) }));
}

export async function latency(port: number): Promise<{ rows: Row[]; log: string[] }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--autoplay-policy=no-user-gesture-required', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  const connect: Sample[][] = [];
  const ring: Sample[][] = [];
  const preAccept: Sample[][] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const product = await startProduct(port);
      try {
        const sim = simClient(product);
        const context = await browser.newContext({ baseURL: product.app, permissions: ['microphone'] });
        await context.addInitScript(countRequests);
        const page = await context.newPage();
        await page.goto('/sign-in');
        await page.getByLabel('Username').fill('ana.agent');
        await page.getByLabel('Password').fill('ringside');
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByTestId('link-status').and(page.locator('[data-status="open"]')).waitFor();
        await page.getByLabel('Line').selectOption(brLine);
        connect.push(await clickToConnect(page, sim));
        const inbound = await webhookToRing(page, sim);
        ring.push(inbound.ring);
        preAccept.push(inbound.preAccept);
        await context.close();
      } finally {
        product.child.kill('SIGTERM');
        await new Promise((r) => product.child.once('exit', r));
      }
    }
  } finally {
    await browser.close();
  }
  return {
    log: [`latency: ${runs} runs × ${iterations} iterations, Chromium ${browser.version()}; p50/p99 per run (min/median/max across runs), the run's first iteration apart; each click and each call on a page settled after the previous call (its contacts re-read, no request in flight)`],
    rows: [
      ...rowsFor('click → connect', connect.map((r) => r.map((s) => s.total)), { p50: 60, p99: 150 }),
      ...breakdown('click → connect', connect),
      ...rowsFor('webhook → ring in the DOM', ring.map((r) => r.map((s) => s.total)), { p99: 30 }),
      ...breakdown('webhook → ring', ring),
      ...rowsFor('webhook → pre_accept', preAccept.map((r) => r.map((s) => s.total)), { p50: 60 }),
      ...breakdown('webhook → pre_accept', preAccept),
    ],
  };
}
