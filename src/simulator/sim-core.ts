/**
 * Builds the simulator's state and behaviour without HTTP: clock, policy profile, seeded world,
 * calls, webhook sender, phone hub. `reset` puts everything back to the seed; `close` releases it all.
 */
import type { SimFaults, SimFaultsPatch } from '../shared/sim-api.ts';
import { defaultPolicyProfileId, policyProfiles, type PolicyProfile, type PolicyProfileId } from '../shared/policy/profiles.ts';
import { endCall } from './call-lifecycle.ts';
import { CallRegistry } from './call-registry.ts';
import { createSimClock, type SimClock } from './clock.ts';
import { EventLog } from './event-log.ts';
import { GraphErrorInjections } from './graph-faults.ts';
import type { MediaEndpointFactory } from './media/media-endpoint.ts';
import { phoneSnapshot } from './phone-snapshot.ts';
import { PhoneHub } from './phone-hub.ts';
import { seededRandom } from './random.ts';
import { PerSecondLimiter } from './rate-limit.ts';
import { seedWorld } from './seed.ts';
import { defaultTimings, type SimContext, type SimTimings } from './sim-context.ts';
import { WebhookSender, type WebhookSenderOptions } from './webhook-sender.ts';
import { World } from './world.ts';

export interface SimCoreOptions {
  webhookUrl: string;
  appSecret: string;
  mediaFactory: MediaEndpointFactory;
  /** Default: a real-time clock. */
  clock?: SimClock;
  timings?: Partial<SimTimings>;
  dtlsRoleInAnswer?: 'active' | 'passive';
  /** Webhook retry tuning (tries, first backoff, per-try timeout), a give-up hook, the reorder fault's random source. */
  webhooks?: Pick<WebhookSenderOptions, 'attempts' | 'backoffMs' | 'timeoutMs' | 'onGiveUp' | 'random'>;
  /** Meta's rule set to enforce from the start and after every reset (default `seed-2025`). */
  policyProfile?: PolicyProfileId;
  /**
   * Tests only: concurrent calls per business number and direction instead of the profile's
   * (Meta: 1000 each), so 138002 can be reached with a couple of calls.
   */
  concurrentCalls?: PolicyProfile['concurrentCalls'];
}

export interface SimCore {
  ctx: SimContext;
  hub: PhoneHub;
  /**
   * Back to the seed: live calls end with a `terminate` webhook (so the business is not left with
   * ghost calls), then media closed, timers dropped, clock offset 0, faults off (no injected
   * errors pending), rate limits forgotten, the configured policy profile, log cleared.
   */
  reset(): Promise<void>;
  /** Stops timers, deliveries and phone streams; closes all media. */
  close(): Promise<void>;
  /** Enforces another of Meta's rule sets from now on (until the next reset); returns it. */
  setPolicyProfile(id: PolicyProfileId): PolicyProfile;
  /** Moves the simulator clock forward, firing due timers in order. */
  advanceClock(ms: number): number;
  /** The fault state (`GET|PUT /_sim/faults`). */
  faults(): SimFaults;
  /** Applies a faults patch; returns the whole fault state. */
  setFaults(patch: SimFaultsPatch): SimFaults;
}

/** The reorder fault's delay bound when none is given (real ms). */
const defaultReorderMaxDelayMs = 300;

/** How long a reset waits for the terminate webhooks of live calls before dropping them. */
const resetDeliveryWaitMs = 3000;

export function createSimCore(options: SimCoreOptions): SimCore {
  const clock = options.clock ?? createSimClock();
  const log = new EventLog(() => clock.now());
  const startProfile = options.policyProfile ?? defaultPolicyProfileId;
  const profileOf = (id: PolicyProfileId): PolicyProfile => ({
    ...policyProfiles[id],
    ...(options.concurrentCalls ? { concurrentCalls: options.concurrentCalls } : {}),
  });
  const policy = { profile: profileOf(startProfile) };
  const world = new World();
  seedWorld(world, clock.now(), policy.profile);
  const calls = new CallRegistry();
  const webhooks = new WebhookSender({ url: options.webhookUrl, appSecret: options.appSecret, log, ...options.webhooks });
  const unseeded = webhooks.random;
  const reorder = { on: false, maxDelayMs: defaultReorderMaxDelayMs, seed: null as number | null };
  const graphErrors = new GraphErrorInjections();
  const rateLimits = new PerSecondLimiter();
  // The hub's snapshots read the context it is part of.
  const hub: PhoneHub = new PhoneHub((waId) => phoneSnapshot(ctx, waId));
  const ctx: SimContext = {
    clock, world, calls, webhooks, phones: hub, media: options.mediaFactory, log,
    timings: { ...defaultTimings, ...options.timings },
    policy, graphErrors, rateLimits,
    ...(options.dtlsRoleInAnswer ? { dtlsRoleInAnswer: options.dtlsRoleInAnswer } : {}),
  };

  async function closeAllMedia(): Promise<void> {
    const all = calls.all();
    calls.clear();
    for (const call of all) for (const timer of call.timers) timer.cancel();
    await Promise.allSettled(all.map((call) => call.media.close()));
  }

  const faults = (): SimFaults => ({
    duplicate_webhooks: webhooks.duplicate,
    reorder_webhooks: reorder.on,
    reorder_max_delay_ms: reorder.maxDelayMs,
    reorder_seed: reorder.seed,
    graph_errors: graphErrors.view(),
  });

  function setFaults(patch: SimFaultsPatch): SimFaults {
    if (patch.duplicate_webhooks !== undefined) webhooks.duplicate = patch.duplicate_webhooks;
    if (patch.reorder_webhooks !== undefined) reorder.on = patch.reorder_webhooks;
    if (patch.reorder_max_delay_ms !== undefined) reorder.maxDelayMs = patch.reorder_max_delay_ms;
    if (patch.reorder_seed !== undefined) {
      reorder.seed = patch.reorder_seed;
      webhooks.random = patch.reorder_seed === null ? unseeded : seededRandom(patch.reorder_seed);
    }
    webhooks.reorder = reorder.on ? { maxDelayMs: reorder.maxDelayMs } : null;
    if (patch.graph_errors !== undefined) graphErrors.set(patch.graph_errors);
    return faults();
  }

  return {
    ctx,
    hub,
    faults,
    setFaults,
    async reset() {
      for (const call of calls.all()) endCall(ctx, call, 'simulator_reset');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([webhooks.idle(), new Promise((resolve) => { timer = setTimeout(resolve, resetDeliveryWaitMs); })]);
      clearTimeout(timer);
      clock.reset();
      webhooks.cancelAll();
      setFaults({ duplicate_webhooks: false, reorder_webhooks: false, reorder_max_delay_ms: defaultReorderMaxDelayMs, reorder_seed: null, graph_errors: [] });
      rateLimits.clear();
      await closeAllMedia();
      policy.profile = profileOf(startProfile);
      seedWorld(world, clock.now(), policy.profile);
      log.clear();
      hub.notifyAll();
    },
    setPolicyProfile(id) {
      policy.profile = profileOf(id);
      return policy.profile;
    },
    advanceClock(ms) {
      return clock.advance(ms);
    },
    async close() {
      clock.dispose();
      webhooks.cancelAll();
      hub.closeAll();
      await closeAllMedia();
    },
  };
}
