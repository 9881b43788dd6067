/// <reference lib="dom" />
/**
 * `npm run bench`: starts the product (simulator mode, fresh data), drives Debian's Chromium, and
 * prints latency figures and the agent bundle size. Numbers from a shared 2-core machine: compare
 * ratios within one run, not absolute values across runs.
 *
 *  - click-to-connect: the agent's click on Call → the simulator (standing in for Meta) receives the
 *    Graph `connect` (includes getUserMedia, offer, ICE gathering, our server's policy check).
 *  - webhook-to-ring: the simulator starts sending the `connect` webhook of a user-initiated call →
 *    the incoming-call card is in the agent's DOM (signature check, storage, ring targets, SSE, render).
 *  - webhook-to-pre_accept: the same webhook → the simulator receives our Graph `pre_accept` (adds the
 *    browser's answer SDP, ICE gathering included, and our server's forward to Graph).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { simLogSchema, type SimLogEntry } from '../../src/shared/sim-api.ts';
import { kb, measureBundle } from '../support/bundle-size.ts';

const iterations = Number(process.env.BENCH_ITERATIONS ?? 20);
const port = Number(process.env.BENCH_PORT ?? 3200);
const app = `http://127.0.0.1:${port}`;
const sim = `http://127.0.0.1:${port + 1}`;
const brLine = '100000000000001';
const callee = { waId: '5511912345678', name: 'Ana Souza' };
const caller = '5531987651234';

const until = async <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> => {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};
const post = (url: string, body?: unknown, method = 'POST') =>
  fetch(url, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
const simLog = async (after: number): Promise<SimLogEntry[]> => simLogSchema.parse(await (await fetch(`${sim}/_sim/log?after=${after}`)).json()).entries;
const lastSeq = async () => (await simLog(0)).at(-1)?.seq ?? 0;

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
  return { n: s.length, p50: q(50), p99: q(99), min: s[0]!, max: s.at(-1)! };
}

async function startProduct() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: { ...process.env, PORT: String(port), SIMULATOR_PORT: String(port + 1), DATA_DIR: mkdtempSync(join(tmpdir(), 'ringside-bench-')), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await until('the product to start', async () => ((await fetch(`${app}/healthz`).catch(() => null))?.ok ? true : undefined), 120_000);
  return child;
}

async function clickToConnect(page: Page): Promise<number[]> {
  await post(`${sim}/_sim/users/${callee.waId}`, { on_call: 'ignore' }, 'PUT');
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const after = await lastSeq();
    await page.locator(`[data-testid="contact-row"][data-wa-id="${callee.waId}"] [data-testid="call-contact"]:enabled`).waitFor();
    const clickedAt = await page.evaluate((waId) => {
      const button = document.querySelector<HTMLButtonElement>(`[data-testid="contact-row"][data-wa-id="${waId}"] [data-testid="call-contact"]`);
      if (!button) throw new Error('no Call button');
      const t = Date.now();
      button.click();
      return t;
    }, callee.waId);
    const connect = await until('connect at the simulator', async () => (await simLog(after)).find((e) => e.kind === 'graph' && e.action === 'connect'));
    samples.push(connect.at - clickedAt);
    // Cancel before the customer answers: neither the quota nor the unanswered streak changes.
    await page.getByRole('button', { name: 'Hang up' }).click();
    await until('the terminate webhook', async () => (await simLog(after)).find((e) => e.kind === 'webhook' && e.event === 'terminate' && e.call_id === connect.call_id && e.status === 200));
  }
  return samples;
}

async function webhookToRing(page: Page): Promise<{ ring: number[]; preAccept: number[] }> {
  const ring: number[] = [];
  const preAccept: number[] = [];
  for (let i = 0; i < iterations; i++) {
    await page.evaluate(() => {
      const w = window as unknown as { ringAt: number | null; ringObserver?: MutationObserver };
      w.ringAt = null;
      w.ringObserver?.disconnect();
      w.ringObserver = new MutationObserver(() => {
        if (w.ringAt === null && document.querySelector('[data-testid="incoming-call"]')) w.ringAt = Date.now();
      });
      w.ringObserver.observe(document.body, { childList: true, subtree: true });
    });
    const after = await lastSeq();
    const { call_id: callId } = (await (await post(`${sim}/_sim/users/${caller}/calls`, { phone_number_id: brLine })).json()) as { call_id: string };
    const ringAt = await until('the ring', () => page.evaluate(() => (window as unknown as { ringAt: number | null }).ringAt ?? undefined));
    const webhook = await until('the connect webhook', async () => (await simLog(after)).find((e) => e.kind === 'webhook' && e.event === 'connect' && e.call_id === callId));
    const sentAt = webhook.sent_at ?? webhook.at;
    ring.push(ringAt - sentAt);
    const pre = await until('pre_accept at the simulator', async () => (await simLog(after)).find((e) => e.kind === 'graph' && e.action === 'pre_accept' && e.call_id === callId));
    preAccept.push(pre.at - sentAt);
    await page.getByRole('button', { name: 'Decline' }).click();
    await until('the terminate webhook', async () => (await simLog(after)).find((e) => e.kind === 'webhook' && e.event === 'terminate' && e.call_id === callId));
  }
  return { ring, preAccept };
}

function bundleSizes() {
  const report = measureBundle();
  return {
    'first load (entry JS + CSS), gzipped': kb(report.firstLoadBytes),
    'lazy chunks (softphone, phone page…), gzipped': `${kb(report.lazyBytes)} (${report.lazy.map((a) => `${a.file.replace(/^assets\//, '')} ${kb(a.gzipBytes)}`).join(', ')})`,
  };
}

async function main() {
  const product = await startProduct();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--autoplay-policy=no-user-gesture-required', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    await post(`${sim}/_sim/reset`);
    const context = await browser.newContext({ baseURL: app, permissions: ['microphone'] });
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Username').fill('ana.agent');
    await page.getByLabel('Password').fill('ringside');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('link-status').and(page.locator('[data-status="open"]')).waitFor();
    await page.getByLabel('Line').selectOption(brLine);

    const connect = await clickToConnect(page);
    const inbound = await webhookToRing(page);
    const rows = {
      'click-to-connect (ms)': stats(connect),
      'webhook-to-ring (ms)': stats(inbound.ring),
      'webhook-to-pre_accept (ms)': stats(inbound.preAccept),
    };
    const lines = [`Ringside bench — ${iterations} iterations each, Chromium ${browser.version()}, Node ${process.version}`, ''];
    lines.push(`${'figure'.padEnd(28)}${['n', 'p50', 'p99', 'min', 'max'].map((h) => h.padStart(7)).join('')}`);
    for (const [name, s] of Object.entries(rows)) lines.push(`${name.padEnd(28)}${[s.n, s.p50, s.p99, s.min, s.max].map((v) => String(v).padStart(7)).join('')}`);
    lines.push('');
    for (const [name, size] of Object.entries(bundleSizes())) lines.push(`${name}: ${size}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await browser.close();
    product.kill('SIGTERM');
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
