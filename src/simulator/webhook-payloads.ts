/**
 * Webhook bodies exactly as Meta shapes them (reference §3, §4.4): the `whatsapp_business_account`
 * envelope, `calls` changes (connect, terminate, statuses) and the `messages` change carrying a
 * `call_permission_reply`. Pure builders; all timestamps are strings of Unix seconds, `duration`
 * an integer. Key order follows the real 2025-10-17 capture where one exists.
 */
import type { BusinessNumber } from './world.ts';

/** The user side of a webhook's `contacts[]`. */
export interface Contact {
  waId: string;
  name: string;
}

/** What every call webhook needs to know about the call. */
export interface CallFacts {
  id: string;
  direction: 'USER_INITIATED' | 'BUSINESS_INITIATED';
  business: BusinessNumber;
  user: Contact;
  bizOpaque?: string;
}

/** An entry of `calls[].errors` / `value.errors` (real capture shape: no `href`). */
export interface WebhookErrorJson {
  code: number;
  title: string;
  message: string;
  error_data: { details: string };
}

/** Unix seconds as Meta writes them: a string. */
export const unixSeconds = (ms: number): string => String(Math.floor(ms / 1000));

function envelope(business: BusinessNumber, field: 'calls' | 'messages', user: Contact, payload: Record<string, unknown>) {
  return {
    object: 'whatsapp_business_account',
    entry: [{
      id: business.wabaId,
      changes: [{
        value: {
          messaging_product: 'whatsapp',
          metadata: { display_phone_number: business.number, phone_number_id: business.phoneNumberId },
          contacts: [{ profile: { name: user.name }, wa_id: user.waId }],
          ...payload,
        },
        field,
      }],
    }],
  };
}

/** Caller first: the user on user-initiated calls, the business number on business-initiated ones. */
function fromTo(call: CallFacts): { from: string; to: string } {
  return call.direction === 'USER_INITIATED'
    ? { from: call.user.waId, to: call.business.number }
    : { from: call.business.number, to: call.user.waId };
}

const opaque = (call: CallFacts) => (call.bizOpaque === undefined ? {} : { biz_opaque_callback_data: call.bizOpaque });

/** `connect`: Meta's offer (user-initiated, §3.2) or Meta's answer (business-initiated, §3.3). */
export function connectWebhook(call: CallFacts, sdp: string, now: number) {
  const sdpType = call.direction === 'USER_INITIATED' ? 'offer' : 'answer';
  return envelope(call.business, 'calls', call.user, {
    calls: [{
      id: call.id, ...fromTo(call), event: 'connect', timestamp: unixSeconds(now), direction: call.direction,
      session: { sdp, sdp_type: sdpType }, ...opaque(call),
    }],
  });
}

/** `statuses[]` of a business-initiated call (§3.4). */
export function statusWebhook(call: CallFacts, status: 'RINGING' | 'ACCEPTED' | 'REJECTED', now: number) {
  return envelope(call.business, 'calls', call.user, {
    statuses: [{ id: call.id, timestamp: unixSeconds(now), type: 'call', status, recipient_id: call.user.waId, ...opaque(call) }],
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
      ...times, status: outcome.status, ...opaque(call), ...(errors ? { errors } : {}),
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

/** A `call_permission_reply`: the user's answer to a request, or WhatsApp's automatic revoke. */
export interface PermissionReplyFacts {
  /** The reply message's wamid. */
  id: string;
  /** The request message's wamid (`context.id`); null when nothing is replied to (auto-revoke, profile grant). */
  requestId: string | null;
  response: 'accept' | 'reject';
  permanent: boolean;
  expiresAt?: number;
  at: number;
  source: 'user_action' | 'automatic';
}

/** `messages[]` with `interactive.call_permission_reply` on field `messages` (§4.4). */
export function permissionReplyWebhook(business: BusinessNumber, user: Contact, reply: PermissionReplyFacts) {
  const body = {
    response: reply.response,
    // §4.4: is_permanent absent on rejects; expiration_timestamp only on temporary accepts.
    ...(reply.response === 'accept' ? { is_permanent: reply.permanent } : {}),
    ...(reply.expiresAt === undefined ? {} : { expiration_timestamp: unixSeconds(reply.expiresAt) }),
    response_source: reply.source,
  };
  return envelope(business, 'messages', user, {
    messages: [{
      from: user.waId, id: reply.id, timestamp: unixSeconds(reply.at), type: 'interactive',
      // Meta's published sample puts the customer's number in context.from (§4.4); no context at
      // all for the automatic revoke after the unanswered streak.
      ...(reply.requestId === null ? {} : { context: { from: user.waId, id: reply.requestId } }),
      interactive: { type: 'call_permission_reply', call_permission_reply: body },
    }],
  });
}
