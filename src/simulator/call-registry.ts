/**
 * The calls Meta's side knows about. State per direction (reference §10.3):
 *  - business-initiated: `connecting` (answering the offer) → `ringing` → `active` → `ended`;
 *  - user-initiated: `offered` → `pre_accepted` (optional) → `active` → `ended`.
 */
import type { SimTimer } from './clock.ts';
import type { MediaEndpoint } from './media/media-endpoint.ts';

export type CallDirection = 'USER_INITIATED' | 'BUSINESS_INITIATED';
export type CallState = 'connecting' | 'ringing' | 'offered' | 'pre_accepted' | 'active' | 'ended';
export type EndReason =
  | 'business_terminated'
  | 'business_rejected'
  | 'user_hung_up'
  | 'user_declined'
  /** The user's script is `busy`: the business call ended before it rang. */
  | 'user_busy'
  | 'not_answered'
  | 'media_timeout'
  | 'setup_failed'
  /** The simulator was reset by its control API. */
  | 'simulator_reset';

export interface SimCall {
  readonly id: string;
  readonly direction: CallDirection;
  readonly phoneNumberId: string;
  readonly waId: string;
  /** Simulator clock, epoch ms. */
  readonly createdAt: number;
  readonly media: MediaEndpoint;
  state: CallState;
  /** When the call was picked up (the user answered / the business accepted). */
  answeredAt: number | null;
  endedAt: number | null;
  endReason: EndReason | null;
  /** Echoed on status and terminate webhooks (reference §9). */
  bizOpaque?: string;
  /** User-initiated calls from a call button / deep link: echoed on connect and terminate (reference §9). */
  ctaPayload?: string;
  deeplinkPayload?: string;
  /** The SDP given in pre_accept; accept must carry the same (reference §2.3). */
  preAcceptSdp?: string;
  /** The first RTP packet from the business arrived. */
  businessMediaSeen: boolean;
  /** Armed at pick-up while no business media was seen; the first packet cancels it. */
  mediaTimer?: SimTimer;
  /** Timers that die with the call (ring timeout, scripted answer, media timer). */
  readonly timers: Set<SimTimer>;
  /** DTMF digits the business sent, in order (simulator clock, epoch ms). */
  readonly dtmf: Array<{ digit: string; at: number }>;
}

// Ended calls are kept for the log-like views (phone page history, late actions → clear error).
const MAX_ENDED_CALLS = 1000;

export class CallRegistry {
  private readonly calls = new Map<string, SimCall>();

  add(call: SimCall): void {
    this.calls.set(call.id, call);
    this.prune();
  }

  get(id: string): SimCall | undefined {
    return this.calls.get(id);
  }

  /** The call in progress between this business number and user, either direction. */
  ongoingWith(phoneNumberId: string, waId: string): SimCall | undefined {
    for (const call of this.calls.values()) {
      if (call.state !== 'ended' && call.phoneNumberId === phoneNumberId && call.waId === waId) return call;
    }
    return undefined;
  }

  /** Calls in progress on a business number, by direction (Meta's concurrency limit, 138002). */
  inProgress(phoneNumberId: string): { inbound: number; outbound: number } {
    const count = { inbound: 0, outbound: 0 };
    for (const call of this.calls.values()) {
      if (call.state === 'ended' || call.phoneNumberId !== phoneNumberId) continue;
      if (call.direction === 'BUSINESS_INITIATED') count.outbound++;
      else count.inbound++;
    }
    return count;
  }

  /** The latest calls of every user, oldest first. */
  latest(limit = 100): SimCall[] {
    return [...this.calls.values()].slice(-limit);
  }

  /** The user's latest calls, oldest first. */
  ofUser(waId: string, limit = 20): SimCall[] {
    return [...this.calls.values()].filter((c) => c.waId === waId).slice(-limit);
  }

  all(): SimCall[] {
    return [...this.calls.values()];
  }

  clear(): void {
    this.calls.clear();
  }

  private prune(): void {
    const ended = [...this.calls.values()].filter((c) => c.state === 'ended');
    for (const call of ended.slice(0, Math.max(0, ended.length - MAX_ENDED_CALLS))) this.calls.delete(call.id);
  }
}
