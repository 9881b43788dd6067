/**
 * Builds the simulator's state and behaviour without HTTP: clock, policy profile, seeded world,
 * calls, webhook sender, phone hub. `reset` puts everything back to the seed; `close` releases it all.
 */
import type { SimFaults, SimFaultsPatch } from '../shared/sim-api-faults.ts';
import { defaultPolicyProfileId, policyProfiles, type PolicyProfile, type PolicyProfileId } from '../shared/policy/profiles.ts';
import { endCall } from './call-lifecycle.ts';
import { CallRegistry } from './call-registry.ts';
import { createSimClock, type SimClock } from './clock.ts';
import { EventLog } from './event-log.ts';
import { GraphErrorInjections } from './graph-faults.ts';
import type { MediaEndpointFactory } from './media/media-endpoint.ts';
import { phoneSnapshot } from './phone-snapshot.ts';
import { PhoneHub } from './phone-hub.ts';
import { PerSecondLimiter } from './rate-limit.ts';
import { seedWorld } from './seed.ts';
import { createFaultControl, type FaultControl } from './sim-faults.ts';
import { StateFile } from './state-file.ts';
import { defaultTimings, type SimContext, type SimTimings } from './sim-context.ts';
import { WebhookSender, type WebhookSenderOptions } from './webhook-sender.ts';
import { World } from './world.ts';
import { captureState, restoreWorld } from './world-state.ts';

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
  /**
   * Keep the world in this JSON file: loaded at start when present (no re-seed), otherwise seeded
   * and written; rewritten soon after each change and on close. Unset: memory only.
   */
  stateFile?: string;
}

export interface SimCore {
  ctx: SimContext;
  hub: PhoneHub;
  /** The world came from the state file rather than the seed. */
  restored: boolean;
  /**
   * Back to the seed: live calls end with a `terminate` webhook (so the business is not left with
   * ghost calls), then media closed, timers dropped, clock offset 0, faults off (no injected
   * errors pending), rate limits forgotten, the configured policy profile, log cleared, a new world
   * id; the state file (if any) holds the new world when this resolves.
   */
  reset(): Promise<void>;
  /** Stops timers, deliveries and phone streams; closes all media; writes the state file. */
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

/** How long a reset waits for the terminate webhooks of live calls before dropping them. */
const resetDeliveryWaitMs = 3000;

interface StartParts {
  store: StateFile | null;
  world: World;
  clock: SimClock;
  faults: FaultControl;
  policy: { profile: PolicyProfile };
  profileOf: (id: PolicyProfileId) => PolicyProfile;
  changed: () => void;
}

/** The state file's world when there is one (no re-seed); otherwise the seed, written at once. Returns true when restored. */
function loadOrSeed({ store, world, clock, faults, policy, profileOf, changed }: StartParts): boolean {
  const saved = store?.load() ?? null;
  if (saved) {
    restoreWorld(world, saved);
    clock.restoreOffset(saved.clock.offset_ms);
    policy.profile = profileOf(saved.policy.profile);
    faults.restore(saved.faults);
  } else {
    seedWorld(world, clock.now(), policy.profile);
  }
  store?.start();
  if (!saved) changed();
  return saved !== null;
}

export function createSimCore(options: SimCoreOptions): SimCore {
  const clock = options.clock ?? createSimClock();
  const log = new EventLog(() => clock.now());
  const startProfile = options.policyProfile ?? defaultPolicyProfileId;
  const profileOf = (id: PolicyProfileId): PolicyProfile => ({
    ...policyProfiles[id],
    ...(options.concurrentCalls ? { concurrentCalls: options.concurrentCalls } : {}),
  });
  const policy = { profile: profileOf(startProfile) };
  const store = options.stateFile === undefined ? null : new StateFile({
    path: options.stateFile,
    capture: () => captureState(world, { clock: { offset_ms: clock.offset() }, policy: { profile: policy.profile.id }, faults: faults.view() }),
  });
  const changed = () => store?.markDirty();
  const world = new World(changed);
  const calls = new CallRegistry();
  const webhooks = new WebhookSender({ url: options.webhookUrl, appSecret: options.appSecret, log, ...options.webhooks });
  const graphErrors = new GraphErrorInjections(changed);
  const faults = createFaultControl(webhooks, graphErrors, changed);
  const rateLimits = new PerSecondLimiter();
  // The hub's snapshots read the context it is part of.
  const hub: PhoneHub = new PhoneHub((waId) => phoneSnapshot(ctx, waId));
  const ctx: SimContext = {
    clock, world, calls, webhooks, phones: hub, media: options.mediaFactory, log,
    timings: { ...defaultTimings, ...options.timings },
    policy, graphErrors, rateLimits,
    ...(options.dtlsRoleInAnswer ? { dtlsRoleInAnswer: options.dtlsRoleInAnswer } : {}),
  };

  const restored = loadOrSeed({ store, world, clock, faults, policy, profileOf, changed });

  async function closeAllMedia(): Promise<void> {
    const all = calls.all();
    calls.clear();
    for (const call of all) for (const timer of call.timers) timer.cancel();
    await Promise.allSettled(all.map((call) => call.media.close()));
  }

  return {
    ctx,
    hub,
    restored,
    faults: () => faults.view(),
    setFaults: (patch) => faults.apply(patch),
    async reset() {
      for (const call of calls.all()) endCall(ctx, call, 'simulator_reset');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([webhooks.idle(), new Promise((resolve) => { timer = setTimeout(resolve, resetDeliveryWaitMs); })]);
      clearTimeout(timer);
      clock.reset();
      webhooks.cancelAll();
      faults.clear();
      rateLimits.clear();
      await closeAllMedia();
      policy.profile = profileOf(startProfile);
      seedWorld(world, clock.now(), policy.profile);
      log.clear();
      hub.notifyAll();
      await store?.flush();
    },
    setPolicyProfile(id) {
      policy.profile = profileOf(id);
      changed();
      return policy.profile;
    },
    advanceClock(ms) {
      const now = clock.advance(ms);
      changed();
      return now;
    },
    async close() {
      clock.dispose();
      webhooks.cancelAll();
      hub.closeAll();
      // Live calls end with the process; Meta would send their terminate webhooks (see world-state.ts).
      await closeAllMedia();
      await store?.close();
    },
  };
}
