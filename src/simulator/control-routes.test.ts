/**
 * The control API and the phone page contract over HTTP: users, CORS, log, reset, OpenAPI, and a
 * person on the phone page (SSE attached) deciding instead of the script.
 */
import { describe, expect, it, vi } from 'vitest';
import { phoneSnapshotSchema, simBusinessNumberListSchema, simCallListSchema, simCallSchema, simLogSchema, simUserSchema } from '../shared/sim-api.ts';
import { ANA, BR, CARLA, connectBody, endBody, useHarness } from './test-support/harness.ts';
import { readPhoneEvents } from './test-support/phone-events.ts';
import { chromiumAudioOffer } from './test-support/sdp-fixtures.ts';

const h = useHarness({ autoBusinessMedia: true });

/** An open phone page: the SSE stream of one user, parsed. */
async function openPhone(waId: string) {
  const abort = new AbortController();
  const res = await fetch(`${h.sim.url}/_sim/phone/${waId}/events`, { signal: abort.signal });
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  return { ...readPhoneEvents(res), close: () => abort.abort() };
}

describe('control API', () => {
  it('lists business numbers and creates unknown users with defaults', async () => {
    const numbers = simBusinessNumberListSchema.parse((await h.control('GET', '/business-numbers')).json);
    expect(numbers.map((n) => n.phone_number_id)).toEqual([BR, '100000000000002', '100000000000003']);
    const stranger = simUserSchema.parse((await h.control('GET', '/users/4915112345678')).json);
    expect(stranger).toEqual({
      wa_id: '4915112345678', name: '4915112345678', on_call: 'answer', answer_after_ms: 1000, on_permission_request: 'ignore',
      audio: 'tone', phone_attached: false, on_whatsapp: true, user_id: null, username: null, phone_hidden: false,
    });
    expect((await h.control('GET', '/users/447700900555')).json.on_whatsapp).toBe(false);
    expect((await h.control('PUT', `/users/${ANA}`, { on_call: 'decline', bogus: 1 })).status).toBe(400);
    expect((await h.control('GET', '/users/not-a-number')).json.error.code).toBe('bad_request');
  });

  it('sends no CORS headers when no origin is allowed (the default)', async () => {
    const preflight = await fetch(`${h.sim.url}/_sim/users/${ANA}`, {
      method: 'OPTIONS', headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'PUT' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
    const res = await fetch(`${h.sim.url}/_sim/business-numbers`, { headers: { origin: 'http://localhost:5173' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('logs Graph requests with the time they arrived, and webhook deliveries', async () => {
    const before = (await h.control('GET', '/log')).json.entries.length;
    expect(before).toBe(0);
    const now = await h.advance(0);
    const callId = (await h.graph('POST', `/${BR}/calls`, connectBody(ANA, chromiumAudioOffer))).json.calls[0].id;
    await h.receiver.waitForEvents(callId, ['connect', 'RINGING']);
    const { entries } = simLogSchema.parse((await h.control('GET', '/log')).json);
    expect(entries[0]).toMatchObject({ kind: 'graph', action: 'connect', call_id: callId, status: 200, at: now });
    expect(entries.slice(1).map((e) => [e.kind, e.event, e.status])).toEqual([['webhook', 'connect', 200], ['webhook', 'RINGING', 200]]);
    const after = simLogSchema.parse((await h.control('GET', `/log?after=${entries[1]!.seq}`)).json);
    expect(after.entries.map((e) => e.event)).toEqual(['RINGING']);
  });

  it('reset returns to the seed: live calls end with a terminate webhook (media closed), clock offset 0, users and settings restored, log cleared', async () => {
    const seededNow = (await h.control('POST', '/reset')).json.now as number;
    await h.control('PUT', `/users/${ANA}`, { name: 'Changed', on_call: 'ignore' });
    await h.graph('POST', `/${BR}/settings`, { calling: { status: 'DISABLED' } });
    await h.graph('POST', '/100000000000002/settings', { calling: { status: 'ENABLED' } });
    const callId = (await h.graph('POST', '/100000000000002/calls', connectBody(ANA, chromiumAudioOffer))).json.calls[0].id;
    await h.receiver.waitForEvents(callId, ['connect', 'RINGING']);
    await h.advance(10_000); // still ringing: Ana ignores calls now, the ring timeout is 30 s

    const reset = await h.control('POST', '/reset');
    expect(reset.json.now).toBe(seededNow);
    expect(h.media.endpoints.get(callId)!.closed).toBe(true);
    await h.sim.webhooksIdle();
    expect(h.receiver.eventsOf(callId)).toEqual(['connect', 'RINGING', 'terminate']);
    expect((await h.control('GET', `/users/${ANA}`)).json).toMatchObject({ name: 'Ana Souza', on_call: 'answer' });
    expect((await h.graph('GET', `/${BR}/settings`)).json.calling.status).toBe('ENABLED');
    expect((await h.control('GET', `/phone/${ANA}`)).json.calls).toEqual([]);
    expect((await h.control('GET', '/log')).json.entries).toHaveLength(1); // the GET /settings just above
  });

  it('shows calls with the DTMF digits the business sent; GET /clock tells the offset', async () => {
    const callId = (await h.graph('POST', `/${BR}/calls`, connectBody(ANA, chromiumAudioOffer))).json.calls[0].id as string;
    await h.receiver.waitForEvents(callId, ['connect', 'RINGING']);
    const at = await h.advance(1000);
    for (const digit of ['1', '#']) h.media.endpoints.get(callId)!.emitDtmf(digit);
    const view = simCallSchema.parse((await h.control('GET', `/calls/${encodeURIComponent(callId)}`)).json);
    expect(view).toMatchObject({ call_id: callId, state: 'active', wa_id: ANA, phone_number_id: BR, dtmf: [{ digit: '1', at }, { digit: '#', at }] });
    expect(simCallListSchema.parse((await h.control('GET', '/calls')).json).map((c) => c.call_id)).toEqual([callId]);
    expect((await h.control('GET', '/calls/wacid.nope')).status).toBe(404);
    const log = simLogSchema.parse((await h.control('GET', '/log')).json).entries.filter((e) => e.kind === 'dtmf');
    expect(log.map((e) => [e.call_id, e.digit, e.at])).toEqual([[callId, '1', at], [callId, '#', at]]);
    expect((await h.control('GET', '/clock')).json).toEqual({ now: at, offset_ms: 1000 });
  });

  it('serves an OpenAPI document built from the schemas', async () => {
    const doc = (await h.control('GET', '/openapi.json')).json;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([
      '/_sim/users/{id}', '/_sim/clock', '/_sim/policy', '/_sim/phone/{wa_id}/events', '/{version}/{phone_number_id}/calls',
    ]));
    expect(doc.paths['/_sim/policy'].put.requestBody.content['application/json'].schema.properties.profile.enum).toEqual(['seed-2025', 'meta-2026']);
    expect(doc.paths['/_sim/users/{id}'].put.requestBody.content['application/json'].schema.properties).toHaveProperty('on_call');
  });
});

describe('phone page', () => {
  it('while a phone page is attached a person decides: answer, then hang up', async () => {
    const phone = await openPhone(ANA);
    const first = await phone.next((e) => e.type === 'snapshot');
    expect(first.snapshot.user.phone_attached).toBe(true);

    const callId = (await h.graph('POST', `/${BR}/calls`, connectBody(ANA, chromiumAudioOffer))).json.calls[0].id as string;
    const ringing = await phone.next((e) => e.type === 'call.ringing');
    expect(ringing.snapshot.calls[0]).toMatchObject({ call_id: callId, direction: 'BUSINESS_INITIATED', state: 'ringing' });
    await h.receiver.waitForEvents(callId, ['connect', 'RINGING']);
    // The script would answer after 1000 ms; with a person attached it does not.
    await h.advance(5000);
    await h.sim.webhooksIdle();
    expect(h.receiver.eventsOf(callId)).toEqual(['connect', 'RINGING']);

    const leg = await h.control('POST', `/phone/${ANA}/calls/${encodeURIComponent(callId)}/media`);
    expect(leg.json.sdp).toMatch(/^v=0/);
    expect((await h.control('POST', `/phone/${ANA}/calls/${encodeURIComponent(callId)}/media/answer`, { sdp: 'v=0\r\n' })).json).toEqual({ ok: true });
    expect((await h.control('POST', `/phone/${ANA}/calls/${encodeURIComponent(callId)}/answer`)).json).toEqual({ ok: true });
    await h.receiver.waitForEvents(callId, ['connect', 'RINGING', 'ACCEPTED']);
    await h.advance(3000);
    expect((await h.control('POST', `/phone/${ANA}/calls/${encodeURIComponent(callId)}/hangup`)).json).toEqual({ ok: true });
    await h.receiver.waitForEvents(callId, ['connect', 'RINGING', 'ACCEPTED', 'terminate']);
    const ended = await phone.next((e) => e.type === 'call.ended');
    expect(ended.snapshot.calls[0]).toMatchObject({ state: 'ended', end_reason: 'user_hung_up' });
    expect(h.media.endpoints.get(callId)!.calls).toEqual(['answerBusinessOffer', 'openPhoneLeg', 'acceptPhoneAnswer', 'startUserMedia', 'close']);
    expect((await h.control('POST', `/phone/${ANA}/calls/${encodeURIComponent(callId)}/answer`)).status).toBe(409);

    phone.close();
    await vi.waitFor(async () => expect((await h.control('GET', `/users/${ANA}`)).json.phone_attached).toBe(false), { timeout: 5000, interval: 20 });
  });

  it('shows permission requests, declines a ringing call by hand, and places a call', async () => {
    const phone = await openPhone(CARLA);
    await phone.next((e) => e.type === 'snapshot');
    await h.graph('POST', `/${BR}/messages`, {
      messaging_product: 'whatsapp', to: CARLA, type: 'interactive',
      interactive: { type: 'call_permission_request', action: { name: 'call_permission_request' }, body: { text: 'Olá! Podemos ligar?' } },
    });
    const requested = await phone.next((e) => e.type === 'permission.requested');
    const request = requested.snapshot.requests[0]!;
    expect(request.body).toBe('Olá! Podemos ligar?');
    await h.control('POST', `/phone/${CARLA}/permission-requests/${encodeURIComponent(request.request_id)}/reply`, { response: 'accept' });
    await phone.next((e) => e.type === 'message');

    const callId = (await h.graph('POST', `/${BR}/calls`, connectBody(CARLA, chromiumAudioOffer))).json.calls[0].id as string;
    await phone.next((e) => e.type === 'call.ringing');
    await h.control('POST', `/phone/${CARLA}/calls/${encodeURIComponent(callId)}/decline`);
    await h.receiver.waitForEvents(callId, ['connect', 'RINGING', 'REJECTED', 'terminate']);
    await h.graph('POST', `/${BR}/calls`, endBody('terminate', callId)).then((r) => expect(r.status).toBe(400));

    const placed = await h.control('POST', `/users/${CARLA}/calls`, { phone_number_id: BR });
    expect(placed.status).toBe(200);
    const snapshot = phoneSnapshotSchema.parse((await h.control('GET', `/phone/${CARLA}`)).json);
    expect(snapshot.calls.at(-1)).toMatchObject({ call_id: placed.json.call_id, direction: 'USER_INITIATED', state: 'calling' });
    expect(snapshot.messages.map((m) => m.kind)).toEqual(['business', 'user']);
    phone.close();
  });
});
