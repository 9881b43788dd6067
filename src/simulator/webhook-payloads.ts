/**
 * `calls` webhook bodies exactly as Meta shapes them (reference §3): connect, terminate and the
 * business-initiated call's statuses. Pure builders; all timestamps are strings of Unix seconds,
 * `duration` an integer. Key order follows the real 2025-10-17 capture where one exists.
 */
import { envelope, unixSeconds, userBsuid, userPhone, type Contact } from './webhook-envelope.ts';
import type { BusinessNumber } from './world.ts';

/** What every call webhook needs to know about the call. */
export interface CallFacts {
  id: string;
  direction: 'USER_INITIATED' | 'BUSINESS_INITIATED';
  business: BusinessNumber;
  user: Contact;
  bizOpaque?: string;
  /** User-initiated calls from a call button or deep link (reference §9): echoed on connect and terminate. */
  ctaPayload?: string;
  deeplinkPayload?: string;
}

/** An entry of `calls[].errors` / `value.errors` (real capture shape: no `href`). */
export interface WebhookErrorJson {
  code: number;
  title: string;
  message: string;
  error_data: { details: string };
}

/**
 * Caller first: the user on user-initiated calls, the business number on business-initiated ones.
 * The user's side carries the phone unless hidden, and the BSUID when they have one.
 */
function fromTo(call: CallFacts): Record<string, string> {
  return call.direction === 'USER_INITIATED'
    ? { ...userPhone(call.user, 'from'), to: call.business.number, ...userBsuid(call.user, 'from_user_id') }
    : { from: call.business.number, ...userPhone(call.user, 'to'), ...userBsuid(call.user, 'to_user_id') };
}

const opaque = (call: CallFacts) => (call.bizOpaque === undefined ? {} : { biz_opaque_callback_data: call.bizOpaque });
const callContext = (call: CallFacts) => ({
  ...(call.deeplinkPayload === undefined ? {} : { deeplink_payload: call.deeplinkPayload }),
  ...(call.ctaPayload === undefined ? {} : { cta_payload: call.ctaPayload }),
});

/** `connect`: Meta's offer (user-initiated, §3.2) or Meta's answer (business-initiated, §3.3). */
export function connectWebhook(call: CallFacts, sdp: string, now: number) {
  const sdpType = call.direction === 'USER_INITIATED' ? 'offer' : 'answer';
  return envelope(call.business, 'calls', call.user, {
    calls: [{
      id: call.id, ...fromTo(call), event: 'connect', timestamp: unixSeconds(now), direction: call.direction,
      session: { sdp, sdp_type: sdpType }, ...opaque(call), ...callContext(call),
    }],
  });
}

/** `statuses[]` of a business-initiated call (§3.4). */
export function statusWebhook(call: CallFacts, status: 'RINGING' | 'ACCEPTED' | 'REJECTED', now: number) {
  return envelope(call.business, 'calls', call.user, {
    statuses: [{
      id: call.id, timestamp: unixSeconds(now), type: 'call', status,
      ...userPhone(call.user, 'recipient_id'), ...userBsuid(call.user, 'recipient_user_id'), ...opaque(call),
    }],
  });
}

/** How a call ended, for its `terminate` webhook. */
export interface TerminateOutcome {
  status: 'COMPLETED' | 'FAILED';
  /** When the call was picked up; start/end/duration appear only then (§3.5). */
  answeredAt: number | null;
  error?: WebhookErrorJson;
}

/** `terminate` (§3.5); errors go both in `calls[0]` and at `value` level, like the real FAILED capture. */
export function terminateWebhook(call: CallFacts, now: number, outcome: TerminateOutcome) {
  const times = outcome.answeredAt === null ? {} : {
    start_time: unixSeconds(outcome.answeredAt),
    end_time: unixSeconds(now),
    duration: Number(unixSeconds(now)) - Number(unixSeconds(outcome.answeredAt)),
  };
  const errors = outcome.error ? [outcome.error] : undefined;
  return envelope(call.business, 'calls', call.user, {
    calls: [{
      id: call.id, ...fromTo(call), event: 'terminate', timestamp: unixSeconds(now), direction: call.direction,
      ...times, status: outcome.status, ...opaque(call), ...callContext(call), ...(errors ? { errors } : {}),
    }],
    ...(errors ? { errors } : {}),
  });
}

// Text of the real 2025-10-17 FAILED capture (reference §3.5, §8.4).
const noMediaText = 'WhatsApp client terminated the call due to not receiving any media for a long time. Please try again';

/** 138021: no media from the business within 20 s of the call being picked up. */
export const mediaTimeoutError: WebhookErrorJson = {
  code: 138021,
  title: noMediaText,
  message: noMediaText,
  error_data: { details: 'WhatsApp client terminated the call due to not receiving any media for a long time.' },
};

/** 138019: the simulated client could not set the call up (the media endpoint failed). */
export function setupFailedError(details: string): WebhookErrorJson {
  return { code: 138019, title: 'Call setup failed', message: 'Call setup failed', error_data: { details } };
}
