/**
 * `npm start`: builds the client if needed, opens the database (PGlite under DATA_DIR, or
 * PostgreSQL from DATABASE_URL), starts the simulator in simulator mode, seeds, and serves.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { demoAccounts } from '../shared/demo-data.ts';
import { policyProfiles } from '../shared/policy/profiles.ts';
import { createApp } from './app.ts';
import { openDb } from './db/open-db.ts';
import { loadEnv, EnvError } from './env.ts';
import { createWorldClock, simulatorClockReader } from './clock/world-clock.ts';
import { createGraphClient } from './graph/graph-client.ts';
import { createRuntime } from './runtime.ts';
import { startMaintenance } from './maintenance.ts';
import { alignWithSimulator } from './simulator-sync.ts';
import { seedAccounts, seedBusinessNumbers, seedDemo } from './seed.ts';
import { startSimulatorProcess } from './simulator-process.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const clientDir = join(root, 'dist/client');

async function ensureClientBuilt(log: pino.Logger) {
  if (existsSync(join(clientDir, 'index.html'))) return;
  log.info('Building the client (first start)…');
  const { build } = await import('vite');
  await build({ root, logLevel: 'warn' });
}

async function main() {
  const env = loadEnv();
  const log = pino({ level: process.env.LOG_LEVEL ?? 'info' });
  await ensureClientBuilt(log);
  const dataDir = resolve(env.dataDir);
  if (!env.databaseUrl) mkdirSync(dataDir, { recursive: true });
  const database = await openDb({ url: env.databaseUrl, dataDir: env.databaseUrl ? undefined : join(dataDir, 'pglite'), onIdleError: (err) => log.warn({ err }, 'PostgreSQL connection lost; the pool reconnects') });

  const selfUrl = env.publicUrl ?? `http://127.0.0.1:${env.port}`;
  const simulator = env.mode === 'simulator'
    ? await startSimulatorProcess({ port: env.simulatorPort, host: env.host, accessToken: env.accessToken, webhookUrl: `${selfUrl}/webhooks/whatsapp`, appSecret: env.appSecret, policyProfileId: env.policyProfileId })
    : null;
  const graph = createGraphClient({ baseUrl: simulator?.url ?? env.graphUrl, version: env.apiVersion, accessToken: env.accessToken });

  const clock = createWorldClock(simulator ? simulatorClockReader(simulator.url, null) : null, (err) => log.warn({ err: String(err) }, "Could not read the simulator's clock"));
  await clock.sync();
  if (env.mode === 'simulator') await seedDemo(database.db, clock.now());
  else await seedBusinessNumbers(database.db, env.phoneNumbers);
  await seedAccounts(database.db, env.accounts);

  const policy = policyProfiles[env.policyProfileId];
  const runtime = await createRuntime({ database, databaseUrl: env.databaseUrl, graph, log, policy, now: clock.now, permissionTemplate: env.permissionTemplate });
  const { ctx, hub } = runtime;
  if (simulator) await alignWithSimulator(ctx, simulator.url, null);
  clock.start();
  runtime.start();
  const stopMaintenance = startMaintenance(ctx, env.webhookRetentionDays);
  const app = createApp({
    ctx, hub, applier: runtime.applier, instanceId: runtime.instanceId, mode: env.mode, dbKind: database.kind, staticDir: clientDir,
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
    clock.stop();
    stopMaintenance();
    await app.close();
    await runtime.close();
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
