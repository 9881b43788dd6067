/**
 * Delivery like Meta's: retries after a failed delivery, per-call order held across retries, and
 * the duplicate_webhooks fault.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventLog } from './event-log.ts';
import { APP_SECRET, BR, BRUNO, connectBody, useHarness } from './test-support/harness.ts';
import { chromiumAudioOffer } from './test-support/sdp-fixtures.ts';
import { WebhookReceiver } from './test-support/webhook-receiver.ts';
import { WebhookSender, signWebhookBody } from './webhook-sender.ts';

describe('WebhookSender', () => {
  let receiver: WebhookReceiver;
  beforeEach(async () => {
    receiver = await WebhookReceiver.start(APP_SECRET);
  });
  afterEach(() => receiver.close());

  const fakeEnvelope = (id: string, event: string) => ({
    object: 'whatsapp_business_account',
    entry: [{ id: 'waba', changes: [{ field: 'calls', value: { calls: [{ id, event }] } }] }],
  });

  it('keeps per-key order while an earlier delivery is retried, and logs every attempt', async () => {
    const log = new EventLog(() => 0);
    const sender = new WebhookSender({ url: receiver.url, appSecret: APP_SECRET, log, attempts: 3, backoffMs: 10 });
    receiver.statusFor = (i) => (i < 2 ? 500 : 200);
    sender.send({ orderKey: 'call-1', event: 'connect', callId: 'call-1', payload: fakeEnvelope('call-1', 'connect') });
    sender.send({ orderKey: 'call-1', event: 'terminate', callId: 'call-1', payload: fakeEnvelope('call-1', 'terminate') });
    await sender.idle();
    expect(receiver.eventsOf('call-1')).toEqual(['connect', 'connect', 'connect', 'terminate']);
    expect(log.entries().map((e) => [e.event, e.attempt, e.status])).toEqual([
      ['connect', 1, 500], ['connect', 2, 500], ['connect', 3, 200], ['terminate', 1, 200],
    ]);
  });

  it('gives up after the last attempt and moves on to the next webhook of the call', async () => {
    const gaveUp: string[] = [];
    const sender = new WebhookSender({
      url: receiver.url, appSecret: APP_SECRET, log: new EventLog(() => 0), attempts: 2, backoffMs: 5,
      onGiveUp: (d, status) => gaveUp.push(`${d.event}:${status}`),
    });
    receiver.statusFor = (i) => (i < 2 ? 503 : 200);
    sender.send({ orderKey: 'c', event: 'connect', callId: 'c', payload: fakeEnvelope('c', 'connect') });
    sender.send({ orderKey: 'c', event: 'terminate', callId: 'c', payload: fakeEnvelope('c', 'terminate') });
    await sender.idle();
    expect(gaveUp).toEqual(['connect:503']);
    expect(receiver.eventsOf('c')).toEqual(['connect', 'connect', 'terminate']);
  });

  it('signs with HMAC-SHA256 as sha256=<lower-case hex>', () => {
    // RFC 2104 example vector (key "key").
    expect(signWebhookBody('key', 'The quick brown fox jumps over the lazy dog'))
      .toBe('sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8');
  });
});

describe('over HTTP', () => {
  const h = useHarness({ autoBusinessMedia: true }, (harness) => {
    harness.receiver.statusFor = () => 200;
  });

  it('retries a webhook the receiver first answers with 500, then delivers the rest in order', async () => {
    h.receiver.statusFor = (i) => (i === 0 ? 500 : 200);
    const callId = (await h.graph('POST', `/${BR}/calls`, connectBody(BRUNO, chromiumAudioOffer))).json.calls[0].id;
    await h.receiver.waitForEvents(callId, ['connect', 'connect', 'RINGING']);
    expect(h.receiver.eventsOf(callId)).toEqual(['connect', 'connect', 'RINGING']);
    expect(h.receiver.received[0]!.raw).toBe(h.receiver.received[1]!.raw);
    const log = (await h.control('GET', '/log')).json.entries.filter((e: { kind: string }) => e.kind === 'webhook');
    expect(log.map((e: { event: string; status: number; attempt: number }) => [e.event, e.status, e.attempt])).toEqual([
      ['connect', 500, 1], ['connect', 200, 2], ['RINGING', 200, 1],
    ]);
  });

  it('duplicate_webhooks delivers every webhook twice with the same bytes and signature', async () => {
    expect((await h.control('PUT', '/faults', { duplicate_webhooks: true })).json).toMatchObject({ duplicate_webhooks: true, reorder_webhooks: false });
    const callId = (await h.graph('POST', `/${BR}/calls`, connectBody(BRUNO, chromiumAudioOffer))).json.calls[0].id;
    await h.receiver.waitForEvents(callId, ['connect', 'connect', 'RINGING', 'RINGING']);
    expect(h.receiver.eventsOf(callId)).toEqual(['connect', 'connect', 'RINGING', 'RINGING']);
    const [a, b] = h.receiver.received;
    expect(a!.raw).toBe(b!.raw);
    expect(a!.signature).toBe(b!.signature);

    await h.control('PUT', '/faults', { duplicate_webhooks: false });
    await h.control('PUT', `/users/${BRUNO}`, { on_call: 'answer', answer_after_ms: 0 });
    await h.advance(1000);
    await h.receiver.waitForEvents(callId, ['connect', 'connect', 'RINGING', 'RINGING', 'ACCEPTED']);
    await h.sim.webhooksIdle();
    expect(h.receiver.eventsOf(callId)).toEqual(['connect', 'connect', 'RINGING', 'RINGING', 'ACCEPTED']);
  });
});
