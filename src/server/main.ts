/**
 * `npm start`: builds the client in a child process if it is missing or older than its sources,
 * opens the database (PGlite under DATA_DIR, or PostgreSQL from DATABASE_URL), starts the simulator
 * in simulator mode, seeds, and serves.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { demoAccounts } from '../shared/demo-data.ts';
import { policyProfiles } from '../shared/policy/profiles.ts';
import { createApp } from './app.ts';
import { buildClient, clientBuildState } from './client-build.ts';
import { openDb } from './db/open-db.ts';
import { loadEnv, EnvError } from './env.ts';
import { createAgentHub } from './events/agent-hub.ts';
import { createMemoryBus, createPgBus } from './events/event-bus.ts';
import { createGraphClient } from './graph/graph-client.ts';
import { seedAccounts, seedBusinessNumbers, seedDemo } from './seed.ts';
import { startSimulatorProcess } from './simulator-process.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const clientDir = join(root, 'dist/client');

async function ensureClientBuilt(log: pino.Logger) {
  const state = clientBuildState(root);
  if (state === 'fresh') return;
  log.info(state === 'missing' ? 'Building the client (first start)…' : 'Rebuilding the client (its sources changed)…');
  await buildClient(root);
}

async function main() {
  const env = loadEnv();
  const log = pino({ level: process.env.LOG_LEVEL ?? 'info' });
  await ensureClientBuilt(log);
  const dataDir = resolve(env.dataDir);
  if (!env.databaseUrl) mkdirSync(dataDir, { recursive: true });
  const database = await openDb({ url: env.databaseUrl, dataDir: env.databaseUrl ? undefined : join(dataDir, 'pglite'), onIdleError: (err) => log.warn({ err }, 'PostgreSQL connection lost; the pool reconnects') });
  const bus = env.databaseUrl ? await createPgBus(env.databaseUrl, (err) => log.error(err)) : createMemoryBus();

  const selfUrl = env.publicUrl ?? `http://127.0.0.1:${env.port}`;
  const simulator = env.mode === 'simulator'
    ? await startSimulatorProcess({ port: env.simulatorPort, host: env.host, accessToken: env.accessToken, webhookUrl: `${selfUrl}/webhooks/whatsapp`, appSecret: env.appSecret, policyProfileId: env.policyProfileId })
    : null;
  const graph = createGraphClient({ baseUrl: simulator?.url ?? env.graphUrl, version: env.apiVersion, accessToken: env.accessToken });

  if (env.mode === 'simulator') await seedDemo(database.db, new Date());
  else await seedBusinessNumbers(database.db, env.phoneNumbers);
  await seedAccounts(database.db, env.accounts);

  const policy = policyProfiles[env.policyProfileId];
  const ctx = { db: database.db, bus, graph, log, now: () => new Date(), policy };
  const hub = createAgentHub(bus);
  const app = createApp({
    ctx, hub, mode: env.mode, dbKind: database.kind, staticDir: clientDir,
    secrets: { appSecret: env.appSecret, verifyToken: env.verifyToken },
    client: {
      mode: env.mode, demoAccounts: env.mode === 'simulator' ? demoAccounts : [], simulatorPort: simulator ? env.simulatorPort : null,
      policyProfile: { id: policy.id, label: policy.label },
    },
  });
  await app.listen({ port: env.port, host: env.host });

  const url = `http://${env.host === '0.0.0.0' ? '127.0.0.1' : env.host}:${env.port}`;
  const lines = [`Ringside is running at ${url}  (${env.mode} mode, ${database.kind})`];
  if (env.mode === 'simulator') {
    lines.push(`Simulator (Meta's side): ${simulator!.url}`, 'Demo sign-ins (password "ringside"): ' + demoAccounts.map((a) => `${a.username} (${a.role})`).join(', '));
    lines.push(`Phone page of a simulated WhatsApp user: ${url}/phone/5511912345678`);
  }
  console.warn(lines.join('\n'));

  const shutdown = async () => {
    simulator?.stop();
    hub.close();
    await app.close();
    await bus.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err) => {
  console.error(err instanceof EnvError ? err.message : err);
  process.exit(1);
});
