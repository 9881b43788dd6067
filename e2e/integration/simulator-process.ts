/**
 * The simulator as an integrator runs it: the standalone command `node --import tsx
 * src/simulator/main.ts` in a child process, configured only through its environment, ready once it
 * prints `Simulator listening on http://HOST:PORT`. Nothing here reaches into the simulator's
 * modules: the test talks to it over HTTP and hears from it through webhooks, as a business would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const mainPath = fileURLToPath(new URL('../../src/simulator/main.ts', import.meta.url));

export interface SimulatorProcessEnv {
  SIMULATOR_PORT: string;
  SIMULATOR_ACCESS_TOKEN: string;
  SIMULATOR_WEBHOOK_URL: string;
  SIMULATOR_APP_SECRET: string;
}

export interface SimulatorProcess {
  /** Base URL from the readiness line. */
  url: string;
  child: ChildProcess;
  /** Everything printed on stdout and stderr so far. */
  output(): string;
  /** What was printed on stderr only (warnings, media errors). */
  errors(): string;
  /** Resolves with the first match of `pattern` in everything printed, now or later; rejects after `timeoutMs`. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** SIGTERM, then the exit code (SIGKILL and null if it does not exit within `timeoutMs`). */
  stop(timeoutMs?: number): Promise<number | null>;
}

/** A TCP port that was free a moment ago (listen on 0, read it, close). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Spawns the command and resolves with its URL once the readiness line appears. Rejects with the
 * output if the process exits first or prints nothing ready within `timeoutMs` (a cold `tsx` start
 * that loads werift takes a few seconds on a busy machine).
 */
export function startSimulatorProcess(env: SimulatorProcessEnv, timeoutMs = 45_000): Promise<SimulatorProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', mainPath], {
    cwd: repoRoot,
    // Only what an integrator would set: no inherited SIMULATOR_* or NODE_OPTIONS from the test runner.
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    errors += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const stop = async (stopTimeoutMs = 10_000): Promise<number | null> => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const killed = new Promise<null>((resolve) => {
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(null);
      }, stopTimeoutMs);
    });
    try {
      return await Promise.race([exited, killed]);
    } finally {
      clearTimeout(timer);
    }
  };

  const waitForOutput = (pattern: RegExp, waitMs = 10_000): Promise<RegExpMatchArray> => new Promise((resolve, reject) => {
    const check = () => {
      const match = output.match(pattern);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.off('data', check);
      resolve(match);
    };
    const timer = setTimeout(() => {
      child.stdout.off('data', check);
      reject(new Error(`no output matching ${pattern} within ${waitMs} ms; output:\n${output}`));
    }, waitMs);
    child.stdout.on('data', check);
    check();
  });

  return new Promise((resolve, reject) => {
    const ready = /^Simulator listening on (http:\/\/\S+)$/m;
    const timer = setTimeout(() => {
      cleanup();
      void stop(1000);
      reject(new Error(`no readiness line within ${timeoutMs} ms; output:\n${output}`));
    }, timeoutMs);
    const onData = () => {
      const match = output.match(ready);
      if (!match?.[1]) return;
      cleanup();
      resolve({ url: match[1], child, output: () => output, errors: () => errors, waitForOutput, stop });
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`simulator exited with ${code} before it was ready; output:\n${output}`));
    };
    function cleanup() {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
    }
    child.stdout.on('data', onData);
    child.once('exit', onExit);
  });
}
