/**
 * One business-initiated call with the real werift media endpoint (the default of
 * `startSimulator`): a werift peer plays the agent's browser, connects over ICE/DTLS on loopback,
 * sends audio (which satisfies the media timer) and hears the simulated user's tone.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { connectResponseSchema } from '../shared/meta-api.ts';
import { simCallSchema, simLogSchema } from '../shared/sim-api.ts';
import { createSimClock } from './clock.ts';
import { opusToneFrames } from './media/opus-tone.ts';
import { TestBrowserPeer, within } from './media/test-browser-peer.ts';
import { startSimulator, type RunningSimulator } from './start.ts';
import { ACCESS_TOKEN, ANA, APP_SECRET, BR, connectBody, endBody } from './test-support/harness.ts';
import { WebhookReceiver } from './test-support/webhook-receiver.ts';

let sim: RunningSimulator;
let receiver: WebhookReceiver;
let business: TestBrowserPeer;

beforeAll(async () => {
  receiver = await WebhookReceiver.start(APP_SECRET);
  // No mediaFactory: the default werift endpoint.
  sim = await startSimulator({ port: 0, accessToken: ACCESS_TOKEN, appSecret: APP_SECRET, webhookUrl: receiver.url, clock: createSimClock({ realTime: false }) });
  business = new TestBrowserPeer();
});
afterAll(async () => {
  await business.close();
  await sim.close();
  await receiver.close();
});

async function post(path: string, body: unknown) {
  const res = await fetch(`${sim.url}${path}`, {
    method: 'POST', headers: { authorization: `Bearer ${ACCESS_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as unknown };
}

it('connects a business call with real media: connect → RINGING → ACCEPTED, tone heard, terminate', async () => {
  const connect = await post(`/v23.0/${BR}/calls`, connectBody(ANA, await business.offer()));
  expect(connect.status).toBe(200);
  const callId = connectResponseSchema.parse(connect.json).calls[0]!.id;
  await receiver.waitForEvents(callId, ['connect', 'RINGING'], 10_000);
  const answer = receiver.received[0]!.body.entry[0].changes[0].value.calls[0].session;
  expect(answer.sdp_type).toBe('answer');
  expect(answer.sdp).toMatch(/a=ice-lite/);

  await business.applyAnswer(answer.sdp);
  await within(10_000, 'DTLS connected', business.connected());
  business.sendLoop(opusToneFrames(1000));

  // Ana's script answers after 1 s of simulator time.
  await post('/_sim/clock', { advance_ms: 1000 });
  await receiver.waitForEvents(callId, ['connect', 'RINGING', 'ACCEPTED']);
  await within(10_000, "the user's tone", business.waitForPackets(25));

  // Business media arrived, so the 20 s media timer does not end the call.
  await post('/_sim/clock', { advance_ms: 25_000 });
  expect((await post(`/v23.0/${BR}/calls`, endBody('terminate', callId))).status).toBe(200);
  await receiver.waitForEvents(callId, ['connect', 'RINGING', 'ACCEPTED', 'terminate']);
  const end = receiver.received.at(-1)!.body.entry[0].changes[0].value.calls[0];
  expect(end).toMatchObject({ event: 'terminate', status: 'COMPLETED', duration: 25 });
  expect(receiver.received.every((w) => w.signatureValid)).toBe(true);
});

it('records the DTMF the business sends in the call: in the log and in the call view, once per key press', async () => {
  const peer = new TestBrowserPeer({ opus: 111, telephoneEvent8k: 126, extras: true });
  try {
    const connect = await post(`/v23.0/${BR}/calls`, connectBody(ANA, await peer.offer()));
    const callId = connectResponseSchema.parse(connect.json).calls[0]!.id;
    await receiver.waitForEvents(callId, ['connect', 'RINGING'], 10_000);
    const answer = receiver.received.filter((w) => w.body.entry[0].changes[0].value.calls?.[0]?.id === callId)[0]!.body.entry[0].changes[0].value.calls[0].session;
    await peer.applyAnswer(answer.sdp);
    await within(10_000, 'DTLS connected', peer.connected());
    await post('/_sim/clock', { advance_ms: 1000 });
    await receiver.waitForEvents(callId, ['connect', 'RINGING', 'ACCEPTED']);

    for (const event of [4, 2, 11]) peer.sendDtmfEvent(event);
    const dtmf = async () => simLogSchema.parse(await (await fetch(`${sim.url}/_sim/log`)).json()).entries.filter((e) => e.kind === 'dtmf');
    await vi.waitFor(async () => expect(await dtmf()).toHaveLength(3), { timeout: 10_000, interval: 50 });
    expect((await dtmf()).map((e) => [e.call_id, e.digit])).toEqual([[callId, '4'], [callId, '2'], [callId, '#']]);
    const view = simCallSchema.parse(await (await fetch(`${sim.url}/_sim/calls/${encodeURIComponent(callId)}`)).json());
    expect(view).toMatchObject({ call_id: callId, state: 'active', direction: 'BUSINESS_INITIATED', wa_id: ANA });
    expect(view.dtmf.map((d) => d.digit)).toEqual(['4', '2', '#']);
    expect(view.media.business_packets_in).toBeGreaterThanOrEqual(18);
    expect((await post(`/v23.0/${BR}/calls`, endBody('terminate', callId))).status).toBe(200);
  } finally {
    await peer.close();
  }
});
