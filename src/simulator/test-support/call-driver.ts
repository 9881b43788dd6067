/**
 * Drives whole calls and permission requests through the simulator's real HTTP APIs, fast: the
 * scripted user picks up or declines at 0 ms of simulator time, so one `advance(0)` decides.
 */
import { expect } from 'vitest';
import { answerBody, connectBody, endBody, type Harness, type HttpResult } from './harness.ts';
import { chromiumAnswer, chromiumAudioOffer } from './sdp-fixtures.ts';

/** Epoch ms → Unix seconds, as Meta's JSON numbers carry them. */
export const seconds = (ms: number) => Math.floor(ms / 1000);
/** "14:32 UTC": how refusal details name a time. */
export const utcTime = (ms: number) => `${new Date(ms).toISOString().slice(11, 16)} UTC`;

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** `connect` to `waId` from business number `pnid`, answered as is. */
export function connect(h: Harness, pnid: string, waId: string): Promise<HttpResult> {
  return h.graph('POST', `/${pnid}/calls`, connectBody(waId, chromiumAudioOffer));
}

/** The user's script: pick up (or decline) business calls at once. */
export async function scriptUser(h: Harness, waId: string, onCall: 'answer' | 'decline' | 'ignore' | 'busy'): Promise<void> {
  const res = await h.control('PUT', `/users/${waId}`, { on_call: onCall, answer_after_ms: 0 });
  expect(res.status).toBe(200);
}

async function ringingCall(h: Harness, pnid: string, waId: string): Promise<string> {
  const res = await connect(h, pnid, waId);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  const callId = res.json.calls[0].id as string;
  await h.receiver.waitForEvents(callId, ['connect', 'RINGING']);
  return callId;
}

/** A business-initiated call the user picks up, then the business hangs up. Needs `scriptUser(…, 'answer')`. */
export async function connectedCall(h: Harness, pnid: string, waId: string): Promise<string> {
  const callId = await ringingCall(h, pnid, waId);
  await h.advance(0);
  await h.receiver.waitForEvents(callId, ['connect', 'RINGING', 'ACCEPTED']);
  expect(h.receiver.eventsOf(callId)[2]).toBe('ACCEPTED');
  expect((await h.graph('POST', `/${pnid}/calls`, endBody('terminate', callId))).status).toBe(200);
  return callId;
}

/** A business-initiated call the user rejects. Needs `scriptUser(…, 'decline')`. */
export async function rejectedCall(h: Harness, pnid: string, waId: string): Promise<string> {
  const callId = await ringingCall(h, pnid, waId);
  await h.advance(0);
  await h.receiver.waitForEvents(callId, ['connect', 'RINGING', 'REJECTED', 'terminate']);
  return callId;
}

/** The user calls the business and the business accepts, then hangs up: a connected user-initiated call. */
export async function connectedUserCall(h: Harness, pnid: string, waId: string): Promise<string> {
  const placed = await h.control('POST', `/users/${waId}/calls`, { phone_number_id: pnid });
  expect(placed.status, JSON.stringify(placed.json)).toBe(200);
  const callId = placed.json.call_id as string;
  await h.receiver.waitForEvents(callId, ['connect']);
  expect((await h.graph('POST', `/${pnid}/calls`, answerBody('accept', callId, chromiumAnswer()))).status).toBe(200);
  expect((await h.graph('POST', `/${pnid}/calls`, endBody('terminate', callId))).status).toBe(200);
  return callId;
}

/** A call permission request: interactive (free-form) or a template. */
export function requestPermission(h: Harness, pnid: string, waId: string, type: 'interactive' | 'template' = 'interactive'): Promise<HttpResult> {
  return h.graph('POST', `/${pnid}/messages`, type === 'interactive'
    ? {
      messaging_product: 'whatsapp', recipient_type: 'individual', to: waId, type: 'interactive',
      interactive: { type: 'call_permission_request', action: { name: 'call_permission_request' }, body: { text: 'May we call you about your order?' } },
    }
    : { messaging_product: 'whatsapp', to: waId, type: 'template', template: { name: 'call_permission_v1', language: { code: 'en_US' } } });
}

/** `GET call_permissions` for the pair. */
export async function callPermissions(h: Harness, pnid: string, waId: string): Promise<HttpResult['json']> {
  const res = await h.graph('GET', `/${pnid}/call_permissions?user_wa_id=${waId}`);
  expect(res.status).toBe(200);
  return res.json;
}

/** Asserts Meta's error envelope with `code` and returns `error_data.details`. */
export function expectRefusal(res: HttpResult, http: number, code: number): string {
  expect(res.json?.error?.code, JSON.stringify(res.json)).toBe(code);
  expect(res.status).toBe(http);
  return res.json.error.error_data.details as string;
}
