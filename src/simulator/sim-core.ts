/**
 * Builds the simulator's state and behaviour without HTTP: clock, policy profile, seeded world,
 * calls, webhook sender, phone hub. `reset` puts everything back to the seed; `close` releases it all.
 */
import { defaultPolicyProfileId, policyProfiles, type PolicyProfile, type PolicyProfileId } from '../shared/policy/profiles.ts';
import { endCall } from './call-lifecycle.ts';
import { CallRegistry } from './call-registry.ts';
import { createSimClock, type SimClock } from './clock.ts';
import { EventLog } from './event-log.ts';
import type { MediaEndpointFactory } from './media/media-endpoint.ts';
import { phoneSnapshot } from './phone-snapshot.ts';
import { PhoneHub } from './phone-hub.ts';
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
  /** Webhook retry tuning (tries, first backoff, per-try timeout) and a give-up hook. */
  webhooks?: Pick<WebhookSenderOptions, 'attempts' | 'backoffMs' | 'timeoutMs' | 'onGiveUp'>;
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
   * ghost calls), then media closed, timers dropped, clock offset 0, faults off, the configured
   * policy profile, log cleared.
   */
  reset(): Promise<void>;
  /** Stops timers, deliveries and phone streams; closes all media. */
  close(): Promise<void>;
  /** Enforces another of Meta's rule sets from now on (until the next reset); returns it. */
  setPolicyProfile(id: PolicyProfileId): PolicyProfile;
  /** Moves the simulator clock forward, firing due timers in order. */
  advanceClock(ms: number): number;
}

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
  // The hub's snapshots read the context it is part of.
  const hub: PhoneHub = new PhoneHub((waId) => phoneSnapshot(ctx, waId));
  const ctx: SimContext = {
    clock, world, calls, webhooks, phones: hub, media: options.mediaFactory, log,
    timings: { ...defaultTimings, ...options.timings },
    policy,
    ...(options.dtlsRoleInAnswer ? { dtlsRoleInAnswer: options.dtlsRoleInAnswer } : {}),
  };

  async function closeAllMedia(): Promise<void> {
    const all = calls.all();
    calls.clear();
    for (const call of all) for (const timer of call.timers) timer.cancel();
    await Promise.allSettled(all.map((call) => call.media.close()));
  }

  return {
    ctx,
    hub,
    async reset() {
      for (const call of calls.all()) endCall(ctx, call, 'simulator_reset');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([webhooks.idle(), new Promise((resolve) => { timer = setTimeout(resolve, resetDeliveryWaitMs); })]);
      clearTimeout(timer);
      clock.reset();
      webhooks.cancelAll();
      webhooks.duplicate = false;
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
