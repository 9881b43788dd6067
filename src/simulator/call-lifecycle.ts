/**
 * What both call directions share: creating a call with its media endpoint, timers that die with
 * the call, picking up (media, ledger, the 20 s media timer), and ending with a `terminate`
 * webhook. Direction-specific steps live in `business-calls.ts` and `user-calls.ts`.
 */
import type { CallDirection, EndReason, SimCall } from './call-registry.ts';
import type { SimTimer } from './clock.ts';
import { invalidParameter } from './graph-errors.ts';
import { newCallId } from './ids.ts';
import type { SimContext } from './sim-context.ts';
import { recordUnansweredCall } from './unanswered-calls.ts';
import { contactOf } from './webhook-envelope.ts';
import { idSubject } from './world-users.ts';
import {
  mediaTimeoutError, statusWebhook, terminateWebhook, type CallFacts, type WebhookErrorJson,
} from './webhook-payloads.ts';
import { usesSip, type BusinessNumber } from './world.ts';

/** The webhook builders' view of a call. */
export function callFacts(ctx: SimContext, call: SimCall): CallFacts {
  const user = ctx.world.user(call.waId);
  const business = ctx.world.business(call.phoneNumberId);
  if (!business) throw new Error(`call ${call.id} belongs to unknown business number ${call.phoneNumberId}`);
  return {
    id: call.id, direction: call.direction, business, user: contactOf(user),
    ...(call.bizOpaque === undefined ? {} : { bizOpaque: call.bizOpaque }),
    ...(call.ctaPayload === undefined ? {} : { ctaPayload: call.ctaPayload }),
    ...(call.deeplinkPayload === undefined ? {} : { deeplinkPayload: call.deeplinkPayload }),
  };
}

/**
 * Queues a call webhook behind the call's earlier ones. None go out while the number has SIP
 * enabled: Meta then signals calls over SIP only (reference §1).
 */
export function sendCallWebhook(ctx: SimContext, call: SimCall, event: string, payload: unknown): void {
  const business = ctx.world.business(call.phoneNumberId);
  if (business && usesSip(business)) return;
  ctx.webhooks.send({ orderKey: call.id, event, callId: call.id, payload });
}

/** A simulator-clock timer that is cancelled when the call ends. */
export function callTimer(ctx: SimContext, call: SimCall, delayMs: number, fn: () => void): SimTimer {
  const timer = ctx.clock.setTimer(delayMs, () => {
    call.timers.delete(timer);
    if (call.state !== 'ended') fn();
  });
  call.timers.add(timer);
  return timer;
}

/** Registers a new call with its own media endpoint. */
export function createCall(ctx: SimContext, direction: CallDirection, business: BusinessNumber, waId: string): SimCall {
  const id = newCallId(idSubject(ctx.world.user(waId)), business.number, direction);
  const media = ctx.media.create({
    callId: id,
    ...(direction === 'BUSINESS_INITIATED' && ctx.dtlsRoleInAnswer ? { dtlsRoleInAnswer: ctx.dtlsRoleInAnswer } : {}),
  });
  const call: SimCall = {
    id, direction, phoneNumberId: business.phoneNumberId, waId, createdAt: ctx.clock.now(), media,
    state: direction === 'BUSINESS_INITIATED' ? 'connecting' : 'offered',
    answeredAt: null, endedAt: null, endReason: null, businessMediaSeen: false, timers: new Set(), dtmf: [],
  };
  media.onFirstBusinessMedia(() => {
    call.businessMediaSeen = true;
    call.mediaTimer?.cancel();
  });
  // Meta sends no DTMF webhook (reference §8.6); the simulator shows what the user's phone heard.
  media.onDtmf((digit) => {
    const at = ctx.clock.now();
    call.dtmf.push({ digit, at });
    ctx.log.add({ kind: 'dtmf', at, call_id: call.id, digit, status: null });
  });
  ctx.calls.add(call);
  return call;
}

/**
 * The call is picked up: the user answered (business-initiated) or the business accepted
 * (user-initiated). The user's audio starts, the pair's ledger records a connected call, and
 * the client starts waiting for business media (20 s, reference §8.4).
 */
export function pickUp(ctx: SimContext, call: SimCall): void {
  const now = ctx.clock.now();
  call.state = 'active';
  call.answeredAt = now;
  call.media.startUserMedia(ctx.world.user(call.waId).audio);
  if (call.direction === 'BUSINESS_INITIATED') {
    sendCallWebhook(ctx, call, 'ACCEPTED', statusWebhook(callFacts(ctx, call), 'ACCEPTED', now));
  }
  ctx.world.ledgers.append(call.phoneNumberId, call.waId, {
    type: 'call_connected', id: call.id, at: now,
    direction: call.direction === 'BUSINESS_INITIATED' ? 'business_initiated' : 'user_initiated',
  });
  if (!call.businessMediaSeen) {
    call.mediaTimer = callTimer(ctx, call, ctx.timings.mediaStartTimeoutMs, () => {
      endCall(ctx, call, 'media_timeout', { status: 'FAILED', error: mediaTimeoutError });
    });
  }
  ctx.phones.notify(call.waId, 'call.updated');
}

const unansweredReasons = new Set<EndReason>(['user_declined', 'user_busy', 'not_answered']);

export interface EndOutcome {
  /** Terminate status; COMPLETED unless a failure (reference §3.5). */
  status?: 'COMPLETED' | 'FAILED';
  error?: WebhookErrorJson;
  /** False when the business never heard of the call (its connect webhook was never sent). */
  webhook?: boolean;
}

/**
 * Ends the call (idempotent): cancels its timers, sends `terminate`, records an unanswered
 * business-initiated call (with WhatsApp's reconsider / revoke effects), releases the media.
 */
export function endCall(ctx: SimContext, call: SimCall, reason: EndReason, outcome: EndOutcome = {}): void {
  if (call.state === 'ended') return;
  const now = ctx.clock.now();
  for (const timer of call.timers) timer.cancel();
  call.timers.clear();
  call.state = 'ended';
  call.endedAt = now;
  call.endReason = reason;
  if (outcome.webhook !== false) {
    sendCallWebhook(ctx, call, 'terminate', terminateWebhook(callFacts(ctx, call), now, {
      status: outcome.status ?? 'COMPLETED', answeredAt: call.answeredAt, ...(outcome.error ? { error: outcome.error } : {}),
    }));
  }
  // A business cancelling its own ringing call is not counted against the user; a busy user's is
  // (both UNCONFIRMED: Meta counts "unanswered or rejected" calls).
  if (call.direction === 'BUSINESS_INITIATED' && call.answeredAt === null && unansweredReasons.has(reason)) {
    recordUnansweredCall(ctx, call, now);
  }
  call.media.close().catch((err: unknown) => console.error(`closing media of ${call.id} failed:`, err));
  ctx.phones.notify(call.waId, 'call.ended');
}

/** The call a Graph action names, on this business number, not ended; otherwise Meta's error 100. */
export function requireLiveCall(ctx: SimContext, business: BusinessNumber, callId: string): SimCall {
  const call = ctx.calls.get(callId);
  if (!call || call.phoneNumberId !== business.phoneNumberId) {
    throw invalidParameter(`Invalid call_id ${callId}: no such call on phone number ${business.phoneNumberId}.`);
  }
  if (call.state === 'ended') {
    throw invalidParameter(`Call ${callId} has already ended (${call.endReason ?? 'ended'}).`);
  }
  return call;
}

/** `terminate` from the business: any live call, either direction (reference §2.5). */
export function terminateByBusiness(ctx: SimContext, business: BusinessNumber, callId: string): void {
  endCall(ctx, requireLiveCall(ctx, business, callId), 'business_terminated');
}
