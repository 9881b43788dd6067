/**
 * Business-initiated calls end to end over HTTP, with fake media and a real signed-webhook
 * receiver: Meta's webhook order for answer, decline and no answer.
 */
import { describe, expect, it } from 'vitest';
import { ANA, BR, BRUNO, connectBody, endBody, useHarness } from './test-support/harness.ts';
import { chromiumAudioOffer } from './test-support/sdp-fixtures.ts';

const h = useHarness({ autoBusinessMedia: true });

async function connect(to: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await h.graph('POST', `/${BR}/calls`, connectBody(to, chromiumAudioOffer, extra));
  expect(res.status).toBe(200);
  return res.json.calls[0].id as string;
}

const callsOf = (callId: string) => h.receiver.received
  .map((w) => w.body.entry[0].changes[0].value)
  .filter((v) => (v.calls?.[0] ?? v.statuses?.[0])?.id === callId);

describe('business-initiated call', () => {
  it('answered: connect (answer SDP) → RINGING → ACCEPTED → terminate with duration', async () => {
    const callId = await connect(ANA, { biz_opaque_callback_data: 'ticket-42' });
    await h.receiver.waitForEvents(callId, ['connect', 'RINGING']);
    // Ana's script answers after 1000 ms of simulator time.
    await h.advance(1000);
    await h.receiver.waitForEvents(callId, ['connect', 'RINGING', 'ACCEPTED']);
    await h.advance(5000);
    expect((await h.graph('POST', `/${BR}/calls`, endBody('terminate', callId))).json).toEqual({ messaging_product: 'whatsapp', success: true });
    await h.receiver.waitForEvents(callId, ['connect', 'RINGING', 'ACCEPTED', 'terminate']);

    expect(h.receiver.eventsOf(callId)).toEqual(['connect', 'RINGING', 'ACCEPTED', 'terminate']);
    const [connectValue, ringing, accepted, terminate] = callsOf(callId);
    expect(connectValue.calls[0]).toMatchObject({
      id: callId, from: '551140001000', to: ANA, event: 'connect', direction: 'BUSINESS_INITIATED',
      session: { sdp_type: 'answer', sdp: expect.stringContaining('a=ice-lite') }, biz_opaque_callback_data: 'ticket-42',
    });
    expect(connectValue.metadata).toEqual({ display_phone_number: '551140001000', phone_number_id: BR });
    expect(connectValue.contacts).toEqual([{ profile: { name: 'Ana Souza' }, wa_id: ANA }]);
    expect(ringing.statuses[0]).toMatchObject({ id: callId, type: 'call', status: 'RINGING', recipient_id: ANA, biz_opaque_callback_data: 'ticket-42' });
    expect(accepted.statuses[0].status).toBe('ACCEPTED');
    const end = terminate.calls[0];
    expect(end).toMatchObject({ event: 'terminate', status: 'COMPLETED', direction: 'BUSINESS_INITIATED', biz_opaque_callback_data: 'ticket-42' });
    expect(Number.isInteger(end.duration)).toBe(true);
    expect(end.duration).toBe(Number(end.end_time) - Number(end.start_time));
    expect(end.duration).toBeGreaterThanOrEqual(5);

    const media = h.media.endpoints.get(callId)!;
    expect(media.businessSdp).toBe(chromiumAudioOffer);
    expect(media.userAudio).toBe('tone');
    expect(media.closed).toBe(true);
  });

  it('declined: RINGING → REJECTED → terminate COMPLETED without start, end or duration', async () => {
    await h.control('PUT', `/users/${BRUNO}`, { on_call: 'decline', answer_after_ms: 500 });
    const callId = await connect(BRUNO);
    await h.receiver.waitForEvents(callId, ['connect', 'RINGING']);
    await h.advance(500);
    await h.receiver.waitForEvents(callId, ['connect', 'RINGING', 'REJECTED', 'terminate']);
    expect(h.receiver.eventsOf(callId)).toEqual(['connect', 'RINGING', 'REJECTED', 'terminate']);
    const end = callsOf(callId)[3].calls[0];
    expect(end.status).toBe('COMPLETED');
    expect(end).not.toHaveProperty('duration');
    expect(end).not.toHaveProperty('start_time');
  });

  it('not answered: terminate COMPLETED after 30 s of simulator time, nothing before', async () => {
    await h.control('PUT', `/users/${ANA}`, { on_call: 'ignore' });
    const callId = await connect(ANA);
    await h.receiver.waitForEvents(callId, ['connect', 'RINGING']);
    await h.advance(29_999);
    await h.sim.webhooksIdle();
    expect(h.receiver.eventsOf(callId)).toEqual(['connect', 'RINGING']);
    await h.advance(1);
    await h.receiver.waitForEvents(callId, ['connect', 'RINGING', 'terminate']);
    const end = callsOf(callId)[2].calls[0];
    expect(end).toMatchObject({ status: 'COMPLETED' });
    expect(end).not.toHaveProperty('duration');
  });

  it('signs ASCII-escaped JSON with string timestamps', async () => {
    await h.control('PUT', `/users/${ANA}`, { name: 'Ana Müller 😀' });
    const callId = await connect(ANA);
    await h.receiver.waitForEvents(callId, ['connect', 'RINGING']);
    for (const w of h.receiver.received) {
      expect(w.signatureValid).toBe(true);
      expect(w.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(w.contentType).toBe('application/json');
      expect(/^[\x20-\x7e]*$/.test(w.raw)).toBe(true);
      expect(w.raw).toContain('Ana M\\u00fcller \\ud83d\\ude00');
    }
    const [connectValue, ringing] = callsOf(callId);
    expect(connectValue.calls[0].timestamp).toMatch(/^\d{10}$/);
    expect(ringing.statuses[0].timestamp).toMatch(/^\d{10}$/);
    expect(connectValue.contacts[0].profile.name).toBe('Ana Müller 😀');
  });
});
