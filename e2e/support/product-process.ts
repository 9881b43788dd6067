/**
 * A Ringside instance of its own, for tests that stop and start the product (a restart must not
 * make Ringside's picture drift from WhatsApp's). `npm start` as a user runs it: the same entry,
 * simulator mode, a data directory that survives the restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface Product {
  url: string;
  simulatorUrl: string;
  stop(): Promise<void>;
}

const until = async (what: string, probe: () => Promise<boolean>, timeoutMs: number) => {
  const end = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100)); // polling a server that is starting: there is no event to wait on
  }
};

export async function startProduct(opts: { port: number; dataDir: string; controlToken: string }): Promise<Product> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: { ...process.env, PORT: String(opts.port), SIMULATOR_PORT: String(opts.port + 1), DATA_DIR: opts.dataDir, SIMULATOR_CONTROL_TOKEN: opts.controlToken, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${opts.port}`;
  await until('the product to be ready', async () => (await fetch(`${url}/readyz`).catch(() => null))?.ok === true, 180_000);
  return {
    url,
    simulatorUrl: `http://127.0.0.1:${opts.port + 1}`,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
