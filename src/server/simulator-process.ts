/**
 * In simulator mode the server starts the simulator as its own process and talks to it only over
 * HTTP, exactly as it would talk to Meta; the simulator answers only through signed webhooks.
 * The child holds an IPC channel to this process and exits when it closes, so it never outlives
 * the server, even one killed with SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { assertPortFree } from './ops/port-check.ts';

const entry = fileURLToPath(new URL('../simulator/main.ts', import.meta.url));

export interface SimulatorProcess {
  url: string;
  /** Random per boot; the simulator's control API requires it from server code (SIMULATOR_CONTROL_TOKEN). */
  controlToken: string;
  pid: number;
  /** SIGTERM, then SIGKILL if the simulator has not exited within `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
}

export interface SimulatorProcessEnv {
  port: number;
  host: string;
  accessToken: string;
  webhookUrl: string;
  appSecret: string;
  policyProfileId: string;
  /** Where the simulated world is kept between runs (SIMULATOR_STATE_FILE). */
  stateFile: string;
  /** Origins whose pages may call the simulator's phone routes (the phone page is served by the product). */
  allowedOrigins: string[];
  /** The control API's token; random per boot when not given (SIMULATOR_CONTROL_TOKEN). */
  controlToken?: string;
}

export async function startSimulatorProcess(env: SimulatorProcessEnv): Promise<SimulatorProcess> {
  await assertPortFree(env.port, env.host, 'SIMULATOR_PORT');
  const controlToken = env.controlToken ?? randomBytes(24).toString('hex');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: {
      ...process.env,
      SIMULATOR_PORT: String(env.port), SIMULATOR_HOST: env.host, SIMULATOR_ACCESS_TOKEN: env.accessToken,
      SIMULATOR_WEBHOOK_URL: env.webhookUrl, SIMULATOR_APP_SECRET: env.appSecret, SIMULATOR_POLICY_PROFILE: env.policyProfileId,
      SIMULATOR_CONTROL_TOKEN: controlToken, SIMULATOR_STATE_FILE: env.stateFile, SIMULATOR_ALLOWED_ORIGINS: env.allowedOrigins.join(','),
    },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  // The channel is the child's lifeline, not a reason for this process to stay alive.
  child.channel?.unref();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async (timeoutMs = 5000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve();
      }, timeoutMs);
    })]);
    clearTimeout(timer);
  };

  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      process.stdout.write(text.replace(/^(?=.)/gm, '[simulator] '));
      buffered += text;
      const match = /Simulator listening on (\S+)/.exec(buffered);
      if (match) resolve({ url: match[1]!, controlToken, pid: child.pid!, stop });
    });
    child.once('exit', (code) => reject(new Error(`The simulator exited with code ${code} before it was ready`)));
  });
}
