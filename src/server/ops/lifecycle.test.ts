/**
 * The product as `npm start` runs it (`node --import tsx src/server/main.ts`), in simulator mode on
 * free ports with a temporary DATA_DIR: a held port stops boot plainly; SIGKILL of the server takes
 * the simulator child with it and the next start is healthy; SIGTERM finishes what is in flight,
 * ends event streams, stops accepting and exits within 10 s.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const clientDir = mkdtempSync(join(tmpdir(), 'ringside-client-'));
writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>Ringside</title>');
const started: ChildProcess[] = [];
const simulators: number[] = [];

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Resolves once `check` holds; polls on every tick of the event loop, fails after `ms`. */
async function until(what: string, check: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function startProduct(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: root, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HOST: '127.0.0.1', CLIENT_DIR: clientDir, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output, running: () => until('the startup line', () => output.includes('Ringside is running at') || child.exitCode !== null, 90_000) };
}

/** Processes whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).flatMap((d) => {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid ? [Number(d)] : [];
    } catch {
      return [];
    }
  });
}

/** Gone, or a zombie nobody has reaped yet (it holds no port and runs nothing). */
const gone = (pid: number) => !existsSync(`/proc/${pid}/stat`) || readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') === true;
const refuses = (port: number) => new Promise<boolean>((resolve) => {
  const socket = connect(port, '127.0.0.1');
  socket.once('connect', () => { socket.destroy(); resolve(false); });
  socket.once('error', () => resolve(true));
});

afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const pid of simulators) if (!gone(pid)) process.kill(pid, 'SIGKILL');
});

describe('process lifecycle', () => {
  it('refuses to start when the simulator port is held, naming the port and what to do', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const held = (holder.address() as AddressInfo).port;
    try {
      const product = startProduct({ PORT: String(await freePort()), SIMULATOR_PORT: String(held), DATA_DIR: mkdtempSync(join(tmpdir(), 'ringside-data-')) });
      expect(await product.exited).toBe(1);
      expect(product.output()).toContain(`Port ${held} (SIMULATOR_PORT) on 127.0.0.1 is already in use`);
      expect(product.output()).toMatch(/stop it, or set SIMULATOR_PORT to a free port/);
    } finally {
      holder.close();
    }
  }, 60_000);

  it('takes the simulator down with a SIGKILLed server; the next start is healthy; SIGTERM stops it gracefully within 10 s', async () => {
    const env = { PORT: String(await freePort()), SIMULATOR_PORT: String(await freePort()), DATA_DIR: mkdtempSync(join(tmpdir(), 'ringside-data-')), LOG_LEVEL: 'trace' };
    const base = `http://127.0.0.1:${env.PORT}`;
    const first = startProduct(env);
    await first.running();
    const [simulatorPid] = childrenOf(first.child.pid!);
    expect(simulatorPid, first.output()).toBeGreaterThan(0);
    simulators.push(simulatorPid!);
    first.child.kill('SIGKILL');
    await first.exited;
    await until('the orphaned simulator to exit', () => gone(simulatorPid!));
    await until('the simulator port to be free', () => refuses(Number(env.SIMULATOR_PORT)));

    const second = startProduct(env);
    await second.running();
    expect((await fetch(`${base}/healthz`)).status, second.output()).toBe(200);
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ ready: true });
    await stopsGracefully(second, base);
  }, 240_000);
});

async function stopsGracefully(product: ReturnType<typeof startProduct>, base: string) {
  const signIn = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ana.agent', password: 'ringside' }) });
  const cookie = String(signIn.headers.get('set-cookie')).split(';')[0]!;
  const stream = await new Promise<IncomingMessage>((resolve, reject) => httpRequest(`${base}/api/events`, { headers: { cookie } }, resolve).on('error', reject).end());
  const streamEnded = new Promise<void>((resolve) => stream.on('end', resolve).resume());

  // A request in flight: headers sent, body still to come.
  const body = JSON.stringify({ username: 'ben.agent', password: 'ringside' });
  const inFlight = httpRequest(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'x-request-id': 'in-flight-1' } });
  const answered = new Promise<number>((resolve, reject) => inFlight.on('response', (res) => { res.resume(); resolve(res.statusCode!); }).on('error', reject));
  inFlight.write(body.slice(0, 10));
  await until('the server to receive the request', () => product.output().includes('"reqId":"in-flight-1"'));

  const signalled = Date.now();
  product.child.kill('SIGTERM');
  await streamEnded;
  await until('new connections to be refused', () => refuses(Number(new URL(base).port)));
  inFlight.end(body.slice(10));
  expect(await answered).toBe(200);
  expect(await product.exited).toBe(0);
  expect(Date.now() - signalled).toBeLessThan(10_000);
  expect(product.output()).toMatch(/SIGTERM: Ringside is stopping/);
}
