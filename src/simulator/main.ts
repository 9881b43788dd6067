/**
 * `npm run simulator`: the simulator as a standalone tool. The product server spawns this same
 * command in simulator mode and waits for the line `Simulator listening on http://HOST:PORT`.
 *
 * Env: SIMULATOR_WEBHOOK_URL and SIMULATOR_APP_SECRET (required), SIMULATOR_PORT (3001),
 * SIMULATOR_HOST (127.0.0.1), SIMULATOR_ACCESS_TOKEN (random when unset, printed),
 * SIMULATOR_MEDIA (werift | none), SIMULATOR_DTLS_ROLE (active | passive), SIMULATOR_LOG (0 | 1),
 * SIMULATOR_POLICY_PROFILE (seed-2025 | meta-2026: which reading of Meta's calling rules to enforce),
 * SIMULATOR_CONTROL_TOKEN (bearer token for the control routes; unset = open),
 * SIMULATOR_ALLOWED_ORIGINS (comma-separated origins that get CORS headers; default none),
 * SIMULATOR_STATE_FILE (the world's JSON file, kept across restarts; unset = memory only).
 */
import { formatWaId } from '../shared/phone-number.ts';
import { loadSimulatorEnv, type SimulatorEnv } from './env.ts';
import { createFakeMediaFactory } from './fake-media.ts';
import { evaluateNow } from './pair-policy.ts';
import { startSimulator, type RunningSimulator } from './start.ts';

const print = (line = '') => process.stdout.write(`${line}\n`);

function describe(sim: RunningSimulator, env: SimulatorEnv): void {
  print(`  Graph API:     ${sim.url}/v23.0/{phone_number_id}/calls (any vNN.N)`);
  print(`  Access token:  ${env.tokenGenerated ? `${env.accessToken}  (random; set SIMULATOR_ACCESS_TOKEN to fix it)` : '(from SIMULATOR_ACCESS_TOKEN)'}`);
  print(`  Webhooks to:   ${env.webhookUrl}`);
  print(`  Control API:   ${sim.url}/_sim  (document: ${sim.url}/_sim/openapi.json; ${env.controlToken ? 'bearer SIMULATOR_CONTROL_TOKEN required' : 'open: set SIMULATOR_CONTROL_TOKEN to require a token'})`);
  print(`  Phone pages:   ${sim.url}/_sim/phone/{wa_id}  (open; CORS for ${env.allowedOrigins.length > 0 ? env.allowedOrigins.join(', ') : 'no origin: set SIMULATOR_ALLOWED_ORIGINS'})`);
  print(`  Media:         ${env.media === 'none' ? 'signalling only (SIMULATOR_MEDIA=none)' : 'werift (ICE-lite, DTLS-SRTP, Opus; host candidates incl. 127.0.0.1)'}`);
  const { ctx } = sim.core;
  const world = `world ${ctx.world.identity.id}, seeded at ${new Date(ctx.world.identity.seededAt).toISOString()}`;
  print(`  World:         ${env.stateFile === undefined ? `in memory only (set SIMULATOR_STATE_FILE to keep it); ${world}` : `${sim.core.restored ? 'loaded from' : 'seeded and written to'} ${env.stateFile}; ${world}`}`);
  const fromFile = sim.core.restored && ctx.policy.profile.id !== env.policyProfile ? ` (from the state file; SIMULATOR_POLICY_PROFILE is ${env.policyProfile}, restored on reset)` : '';
  print(`  Policy:        ${ctx.policy.profile.id}: ${ctx.policy.profile.label}${fromFile}  (SIMULATOR_POLICY_PROFILE; PUT /_sim/policy switches it)`);
  print('  Business numbers:');
  for (const b of ctx.world.businesses.values()) {
    // Any wa_id will do: the country restriction belongs to the business number.
    const restricted = evaluateNow(ctx, b, b.number).call.refusals.some((r) => r.code === 138013);
    const bic = restricted ? 'no business-initiated calls (138013)' : 'business-initiated calls allowed';
    print(`    ${b.phoneNumberId}  ${formatWaId(b.number).padEnd(18)} ${b.name} (${b.profile}; calling ${b.calling.status.toLowerCase()}; ${bic})`);
  }
}

async function main(): Promise<void> {
  // Started by the product server with an IPC channel: that channel closes when the server exits,
  // however it exits (even SIGKILL), and the simulator must not outlive it.
  let shutdown: () => void = () => process.exit(0);
  if (process.channel) process.once('disconnect', () => shutdown());
  let env: SimulatorEnv;
  try {
    env = loadSimulatorEnv();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  const sim = await startSimulator({
    port: env.port,
    host: env.host,
    accessToken: env.accessToken,
    webhookUrl: env.webhookUrl,
    appSecret: env.appSecret,
    logger: env.logger,
    dtlsRoleInAnswer: env.dtlsRole,
    policyProfile: env.policyProfile,
    ...(env.controlToken === undefined ? {} : { controlToken: env.controlToken }),
    allowedOrigins: env.allowedOrigins,
    ...(env.stateFile === undefined ? {} : { stateFile: env.stateFile }),
    ...(env.media === 'none' ? { mediaFactory: createFakeMediaFactory({ autoBusinessMedia: true }) } : {}),
    webhooks: { onGiveUp: (d, status) => console.warn(`webhook ${d.event} for ${d.callId ?? d.messageId} dropped after retries (last status ${status ?? 'no answer'})`) },
  });
  // Before the readiness line, so a stop that follows it at once still writes the state file.
  let closing = false;
  shutdown = () => {
    if (closing) return;
    closing = true;
    sim.close().then(() => process.exit(0), (err: unknown) => {
      console.error(err);
      process.exit(1);
    });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  // The readiness line the product server waits for: keep its wording.
  print(`Simulator listening on ${sim.url}`);
  describe(sim, env);
}

main().catch((err: unknown) => {
  console.error('Simulator failed to start:', err);
  process.exit(1);
});
