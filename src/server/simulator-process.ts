/**
 * In simulator mode the server starts the simulator as its own process and talks to it only over
 * HTTP, exactly as it would talk to Meta; the simulator answers only through signed webhooks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../simulator/main.ts', import.meta.url));

export interface SimulatorProcess { url: string; stop(): void }

export function startSimulatorProcess(env: { port: number; host: string; accessToken: string; webhookUrl: string; appSecret: string; policyProfileId: string }): Promise<SimulatorProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: {
      ...process.env,
      SIMULATOR_PORT: String(env.port), SIMULATOR_HOST: env.host, SIMULATOR_ACCESS_TOKEN: env.accessToken,
      SIMULATOR_WEBHOOK_URL: env.webhookUrl, SIMULATOR_APP_SECRET: env.appSecret, SIMULATOR_POLICY_PROFILE: env.policyProfileId,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      process.stdout.write(text.replace(/^(?=.)/gm, '[simulator] '));
      buffered += text;
      const match = /Simulator listening on (\S+)/.exec(buffered);
      if (match) resolve({ url: match[1]!, stop: () => child.kill('SIGTERM') });
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`The simulator exited with code ${code} before it was ready`)));
  });
}
