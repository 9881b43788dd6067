/**
 * Server processes for the load sections: Ringside in Meta mode (so the bench knows the app secret
 * and signs webhooks like Meta), on PGlite or a fresh PostgreSQL database, and a bare Fastify route
 * that only checks the signature, measured in the same run for ratios.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const appSecret = 'bench-app-secret';
export const pgAdminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const benchNumber = { id: '100000000000001', display: '551140001000' };

export interface Instance {
  url: string;
  child: ChildProcess;
  /** A Prometheus sample from /metrics (summed over label sets). */
  metric(name: string): Promise<number>;
  stop(): Promise<void>;
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function ready(url: string, path: string, timeoutMs = 180_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if ((await fetch(`${url}${path}`).catch(() => null))?.ok) return;
    await wait(200); // a starting process announces nothing we could wait on
  }
  throw new Error(`${url} did not become ready`);
}

function instance(child: ChildProcess, url: string): Instance {
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    url, child,
    async metric(name) {
      const text = await (await fetch(`${url}/metrics`)).text();
      return text.split('\n').filter((l) => l.startsWith(name) && (l[name.length] === ' ' || l[name.length] === '{'))
        .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A fresh PostgreSQL database for one section; dropped by the returned function. */
export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `ringside_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgAdminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(pgAdminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: pgAdminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** Ringside in Meta mode on `port`; PostgreSQL when `databaseUrl` is given, else a fresh PGlite. */
export async function startRingside(opts: { port: number; databaseUrl?: string; graphUrl: string; extraEnv?: Record<string, string> }): Promise<Instance> {
  const env: Record<string, string> = {
    ...process.env as Record<string, string>,
    RINGSIDE_MODE: 'meta', PORT: String(opts.port), LOG_LEVEL: 'warn',
    WHATSAPP_ACCESS_TOKEN: 'bench-token', WHATSAPP_APP_SECRET: appSecret, WHATSAPP_VERIFY_TOKEN: 'bench-verify',
    WHATSAPP_GRAPH_URL: opts.graphUrl, WHATSAPP_PHONE_NUMBERS: `${benchNumber.id}:${benchNumber.display}:Bench line`,
    RINGSIDE_ACCOUNTS: 'bench.agent:bench-password:agent:Bench Agent,bench.super:bench-password:supervisor:Bench Supervisor',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'ringside-bench-')),
    ...opts.extraEnv,
  };
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  else delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${opts.port}`;
  await ready(url, '/readyz');
  return instance(child, url);
}

/** The floor the product is compared with: Fastify, the raw body, the HMAC check, a 200. */
export async function startBareRoute(port: number): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'e2e/bench/lib/bare-route.ts'], { env: { ...process.env, BARE_PORT: String(port), BARE_SECRET: appSecret }, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  await ready(url, '/healthz');
  return instance(child, url);
}
