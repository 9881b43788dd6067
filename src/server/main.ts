/**
 * `npm start`: builds the client in a child process if it is missing or older than its sources,
 * then starts one instance (`ops/start-server.ts`): PGlite under DATA_DIR or PostgreSQL from
 * DATABASE_URL, the simulator in simulator mode. Prints where to go, then stays quiet
 * (LOG_LEVEL=debug adds a line per request) until SIGTERM/SIGINT.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { demoAccounts } from '../shared/demo-data.ts';
import { buildClient, clientBuildState } from './client-build.ts';
import { EnvError, loadEnv } from './env.ts';
import { PortInUseError } from './ops/port-check.ts';
import { stopOnSignals } from './ops/shutdown.ts';
import { startServer } from './ops/start-server.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The default client (dist/client) is rebuilt when stale; a CLIENT_DIR built elsewhere only has to exist. */
async function ensureClientBuilt(clientDir: string, log: pino.Logger) {
  if (clientDir !== resolve(root, 'dist/client')) {
    if (!existsSync(join(clientDir, 'index.html'))) throw new EnvError(`CLIENT_DIR ${clientDir} has no index.html: build the client there first.`);
    return;
  }
  const state = clientBuildState(root);
  if (state === 'fresh') return;
  log.info(state === 'missing' ? 'Building the client (first start)…' : 'Rebuilding the client (its sources changed)…');
  await buildClient(root);
}

async function main() {
  const env = loadEnv();
  const log = pino({ level: env.logLevel });
  const clientDir = resolve(env.clientDir ?? join(root, 'dist/client'));
  await ensureClientBuilt(clientDir, log);
  const server = await startServer(env, { log, staticDir: clientDir });
  stopOnSignals(server.close);

  const lines = [`Ringside is running at ${server.url}  (${env.mode} mode, ${server.dbKind})`];
  if (server.simulator) {
    lines.push(`Simulator (Meta's side): ${server.simulator.url}`, 'Demo sign-ins (password "ringside"): ' + demoAccounts.map((a) => `${a.username} (${a.role})`).join(', '));
    lines.push(`Phone page of a simulated WhatsApp user: ${server.url}/phone/5511912345678`);
  }
  console.warn(lines.join('\n'));
}

main().catch((err: unknown) => {
  console.error(err instanceof EnvError || err instanceof PortInUseError ? err.message : err);
  process.exit(1);
});
