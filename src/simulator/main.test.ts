/**
 * The standalone command as the product server runs it: a child process configured by env that
 * prints the readiness line, and refuses clearly when required env is missing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { callPermissionsResponseSchema } from '../shared/meta-api.ts';

const mainPath = fileURLToPath(new URL('./main.ts', import.meta.url));
let child: ChildProcess | undefined;

function run(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', mainPath], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  let output = '';
  proc.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  proc.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  return { child: proc, output: () => output, exited: new Promise((resolve) => proc.on('exit', (code) => resolve(code))) };
}

// Generous: a cold `tsx` start loading werift can take seconds on a busy machine.
/** Resolves with the first match of `pattern` in everything the process printed so far or prints later. */
function waitForLine(sim: ReturnType<typeof run>, pattern: RegExp, timeoutMs = 45_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = sim.output().match(pattern);
      if (!match) return;
      clearTimeout(timer);
      sim.child.stdout!.off('data', check);
      resolve(match);
    };
    const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; output: ${sim.output()}`)), timeoutMs);
    sim.child.stdout!.on('data', check);
    sim.child.on('exit', (code) => reject(new Error(`exited with ${code} before ${pattern}; output: ${sim.output()}`)));
    check();
  });
}

afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = undefined;
});

describe('npm run simulator', () => {
  it('prints the readiness line, the token and the business numbers, serves, and exits on SIGTERM', async () => {
    const sim = run({
      SIMULATOR_PORT: '0', SIMULATOR_WEBHOOK_URL: 'http://127.0.0.1:9/webhooks', SIMULATOR_APP_SECRET: 's3cret', SIMULATOR_MEDIA: 'none',
      SIMULATOR_POLICY_PROFILE: 'meta-2026',
    });
    const [, url] = await waitForLine(sim, /^Simulator listening on (http:\/\/127\.0\.0\.1:\d+)$/m);
    const token = (await waitForLine(sim, /Access token:\s+([0-9a-f]{48})/))[1];
    await waitForLine(sim, /Policy:\s+meta-2026/);
    await waitForLine(sim, /100000000000003 .*Ringside Support US.*138013/);
    const res = await fetch(`${url}/v23.0/100000000000001/call_permissions?user_wa_id=5521998765432`, { headers: { authorization: `Bearer ${token}` } });
    const permissions = callPermissionsResponseSchema.parse(await res.json());
    expect(permissions.permission).toEqual({ status: 'permanent' });
    expect(permissions.actions[1]?.limits[0]?.max_allowed).toBe(100);
    sim.child.kill('SIGTERM');
    expect(await sim.exited).toBe(0);
  }, 60_000);

  it('keeps its world in SIMULATOR_STATE_FILE: seeded and written, then loaded by the next start; control token enforced', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-main-'));
    const env = {
      SIMULATOR_PORT: '0', SIMULATOR_WEBHOOK_URL: 'http://127.0.0.1:9/webhooks', SIMULATOR_APP_SECRET: 's3cret', SIMULATOR_MEDIA: 'none',
      SIMULATOR_STATE_FILE: join(dir, 'world.json'), SIMULATOR_CONTROL_TOKEN: 'ctl',
    };
    try {
      const first = run(env);
      const [, url] = await waitForLine(first, /^Simulator listening on (\S+)$/m);
      await waitForLine(first, /World:\s+seeded and written to .*world\.json; world ([0-9a-f-]{36})/);
      expect((await fetch(`${url}/_sim/world`)).status).toBe(401);
      const { id } = await (await fetch(`${url}/_sim/world`, { headers: { authorization: 'Bearer ctl' } })).json() as { id: string };
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);

      const second = run(env);
      const [, loadedId] = await waitForLine(second, /World:\s+loaded from .*world\.json; world ([0-9a-f-]{36})/);
      expect(loadedId).toBe(id);
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('refuses to start without SIMULATOR_WEBHOOK_URL and SIMULATOR_APP_SECRET, naming both', async () => {
    const sim = run({ SIMULATOR_PORT: '0' });
    expect(await sim.exited).toBe(1);
    expect(sim.output()).toMatch(/SIMULATOR_WEBHOOK_URL/);
    expect(sim.output()).toMatch(/SIMULATOR_APP_SECRET/);
    expect(sim.output()).not.toMatch(/Simulator listening/);
  }, 60_000);
});
