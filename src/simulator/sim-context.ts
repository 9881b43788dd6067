/**
 * What the simulator's behaviour modules share, injected so tests can build any piece directly:
 * the clock, the world, the calls, the webhook sender, the phone pages, the media factory.
 */
import type { PolicyProfile } from '../shared/policy/profiles.ts';
import type { PhoneEvent } from '../shared/sim-api.ts';
import type { CallRegistry } from './call-registry.ts';
import type { SimClock } from './clock.ts';
import type { EventLog } from './event-log.ts';
import type { GraphErrorInjections } from './graph-faults.ts';
import type { MediaEndpointFactory } from './media/media-endpoint.ts';
import type { PerSecondLimiter } from './rate-limit.ts';
import type { WebhookSender } from './webhook-sender.ts';
import type { World } from './world.ts';

/** Meta's time limits, on the simulator clock. */
export interface SimTimings {
  /** Business-initiated: ringing without answer → terminate (UNCONFIRMED at Meta, reference §12.7). */
  bicRingTimeoutMs: number;
  /** User-initiated: not accepted → terminate ("about 30 to 60 seconds", reference §3.2, §10.3). */
  uicAnswerTimeoutMs: number;
  /** No business media this long after pick-up → FAILED 138021 (reference §8.4). */
  mediaStartTimeoutMs: number;
}

export const defaultTimings: SimTimings = {
  bicRingTimeoutMs: 30_000,
  uicAnswerTimeoutMs: 45_000,
  mediaStartTimeoutMs: 20_000,
};

/** The phone pages as the call logic sees them. */
export interface PhoneNotifier {
  /** At least one phone page is open for the user: a person decides, not the script. */
  isAttached(waId: string): boolean;
  /** Pushes a fresh snapshot to the user's open phone pages. */
  notify(waId: string, type: PhoneEvent['type']): void;
}

/** Meta's calling policy as the simulator enforces it (`src/shared/policy/`). */
export interface PolicyState {
  /** The active profile; `PUT /_sim/policy` switches it, `reset` restores the configured one. */
  profile: PolicyProfile;
}

export interface SimContext {
  clock: SimClock;
  world: World;
  calls: CallRegistry;
  webhooks: WebhookSender;
  phones: PhoneNotifier;
  media: MediaEndpointFactory;
  log: EventLog;
  timings: SimTimings;
  policy: PolicyState;
  /** The graph_errors fault's pending rules (the webhook faults live on the sender). */
  graphErrors: GraphErrorInjections;
  /** Meta's per-second limits (613 on call_permissions), keyed by business number. */
  rateLimits: PerSecondLimiter;
  /** DTLS role Meta takes in its answers to business offers (reference §8.3; default `active`). */
  dtlsRoleInAnswer?: 'active' | 'passive';
}
