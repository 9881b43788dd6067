/**
 * Starts one Ringside instance from a validated environment: checks its ports, opens the database
 * (migrated), starts the simulator in simulator mode, seeds, and listens. `close()` stops it in
 * order: no new requests, requests in flight finished, event streams ended, then the simulator,
 * the bus and the database. A start that fails half-way undoes what it had started.
 */
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type pino from 'pino';
import { demoAccounts } from '../../shared/demo-data.ts';
import { policyProfiles } from '../../shared/policy/profiles.ts';
import { createApp } from '../app.ts';
import { createWorldClock, simulatorClockReader } from '../clock/world-clock.ts';
import { openDb, type Db } from '../db/open-db.ts';
import type { Env } from '../env.ts';
import { createGraphClient } from '../graph/graph-client.ts';
import { startMaintenance } from '../maintenance.ts';
import { createRuntime } from '../runtime.ts';
import { removeDemoAccounts, seedAccounts, seedBusinessNumbers, seedDemo } from '../seed.ts';
import { alignWithSimulator, watchSimulatorWorld } from '../simulator-sync.ts';
import { startSimulatorProcess, type SimulatorProcess } from '../simulator-process.ts';
import { createGraphTap } from '../training/graph-tap.ts';
import { createSimulatorControl } from '../training/simulator-control.ts';
import { createMetrics } from './metrics.ts';
import { assertPortFree } from './port-check.ts';

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  simulator: SimulatorProcess | null;
  dbKind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export interface StartOptions {
  log: pino.Logger;
  /** The built client to serve, if present. */
  staticDir?: string;
  /** scrypt N; production's default unless a test says otherwise. */
  passwordCost?: number;
}

async function seed(env: Env, db: Db, opts: StartOptions, now: Date): Promise<void> {
  if (env.mode === 'simulator') {
    await seedDemo(db, now, opts.passwordCost);
  } else {
    await seedBusinessNumbers(db, env.phoneNumbers);
    const removed = await removeDemoAccounts(db, env.accounts);
    if (removed.length > 0) opts.log.warn(`Removed demo accounts in Meta mode: ${removed.join(', ')}`);
  }
  await seedAccounts(db, env.accounts, opts.passwordCost);
}

/** The origins a browser may load the product from, for the simulator's CORS (the phone page). */
function appOrigins(env: Env): string[] {
  const origins = [`http://127.0.0.1:${env.port}`, `http://localhost:${env.port}`];
  if (env.host !== '127.0.0.1' && env.host !== '0.0.0.0' && env.host !== '::') origins.push(`http://${env.host}:${env.port}`);
  if (env.publicUrl) origins.push(new URL(env.publicUrl).origin);
  return origins;
}

export async function startServer(env: Env, opts: StartOptions): Promise<RunningServer> {
  const { log } = opts;
  const undo: Array<() => Promise<void>> = [];
  const unwind = async () => {
    for (const step of undo.splice(0).reverse()) await step().catch((err: unknown) => log.error({ err }, 'While stopping'));
  };
  try {
    await assertPortFree(env.port, env.host, 'PORT');
    if (env.mode === 'simulator') await assertPortFree(env.simulatorPort, env.host, 'SIMULATOR_PORT');
    const dataDir = resolve(env.dataDir);
    if (!env.databaseUrl || env.mode === 'simulator') mkdirSync(dataDir, { recursive: true });
    const database = await openDb({ url: env.databaseUrl, dataDir: env.databaseUrl ? undefined : join(dataDir, 'pglite'), onIdleError: (err) => log.warn({ err }, 'PostgreSQL connection lost; the pool reconnects') });
    undo.push(() => database.close());
    const selfUrl = env.publicUrl ?? `http://127.0.0.1:${env.port}`;
    const simulator = env.mode === 'simulator'
      ? await startSimulatorProcess({
        port: env.simulatorPort, host: env.host, accessToken: env.accessToken, webhookUrl: `${selfUrl}/webhooks/whatsapp`, appSecret: env.appSecret,
        policyProfileId: env.policyProfileId, stateFile: join(dataDir, 'simulator-world.json'),
        allowedOrigins: appOrigins(env), controlToken: env.simulatorControlToken,
      })
      : null;
    if (simulator) undo.push(() => simulator.stop());

    const metrics = createMetrics();
    const tap = createGraphTap();
    const graph = createGraphClient({ baseUrl: simulator?.url ?? env.graphUrl, version: env.apiVersion, accessToken: env.accessToken, observe: (o) => metrics.graphRequest(o), onExchange: tap.onExchange });
    // WhatsApp's time: the simulator's clock in simulator mode (trainers fast-forward it).
    const controlToken = simulator?.controlToken ?? null;
    let clockMoved: () => void = () => undefined; // bound once the event bus exists
    const clock = createWorldClock(simulator ? simulatorClockReader(simulator.url, controlToken) : null, (err) => log.warn({ err: String(err) }, "Could not read the simulator's clock"), () => clockMoved());
    await clock.sync();
    undo.push(async () => clock.stop());
    await seed(env, database.db, opts, clock.now());

    const policy = policyProfiles[env.policyProfileId];
    const runtime = await createRuntime({ database, databaseUrl: env.databaseUrl, graph, log, policy, metrics, now: clock.now, permissionTemplate: env.permissionTemplate, classroom: env.mode === 'simulator',
      wrapUpMs: env.wrapUpSeconds * 1000, queueWaitMs: env.queueWaitSeconds * 1000, ringAtOnce: env.ringAtOnce, dispositions: env.dispositions });
    undo.push(() => runtime.close());
    const { ctx, hub } = runtime;
    tap.attach(ctx);
    clockMoved = () => {
      log.info({ now: clock.now().toISOString() }, "The simulator's clock moved; agents re-read their contacts");
      void ctx.bus.publish({ kind: 'all' }, { type: 'contacts.reset' }).catch((err: unknown) => log.warn({ err: String(err) }, 'Could not announce the moved clock'));
    };
    if (simulator) {
      await alignWithSimulator(ctx, simulator.url, controlToken);
      const stopWatching = watchSimulatorWorld(ctx, simulator.url, controlToken);
      undo.push(async () => stopWatching());
    }
    clock.start();
    runtime.start();
    const stopMaintenance = startMaintenance(ctx, env.webhookRetentionDays);
    undo.push(async () => stopMaintenance());
    const app = createApp({
      ctx, hub, applier: runtime.applier, instanceId: runtime.instanceId, mode: env.mode, dbKind: database.kind, readiness: database.readiness, staticDir: opts.staticDir,
      secrets: { appSecret: env.appSecret, verifyToken: env.verifyToken }, trustProxy: env.trustProxy, passwordCost: opts.passwordCost,
      ...(simulator ? { simulatorControl: createSimulatorControl(ctx, { url: simulator.url, token: controlToken, syncClock: clock.sync }) } : {}),
      client: {
        mode: env.mode, demoAccounts, simulatorPort: simulator ? Number(new URL(simulator.url).port) : null,
        policyProfile: { id: policy.id, label: policy.label },
      },
    });
    undo.push(() => app.close());
    await app.listen({ port: env.port, host: env.host });
    const url = `http://${env.host === '0.0.0.0' ? '127.0.0.1' : env.host}:${(app.server.address() as AddressInfo).port}`;
    return { url, app, simulator, dbKind: database.kind, close: unwind };
  } catch (err) {
    await unwind();
    throw err;
  }
}
