import { parse } from 'sdp-transform';
import { afterEach, expect, it, vi } from 'vitest';
import { opusToneFrames } from './opus-tone.ts';
import { measureOpus, numbering } from './test-audio-analysis.ts';
import { TestBrowserPeer, within } from './test-browser-peer.ts';
import { createWeriftMediaEndpointFactory } from './werift-endpoint.ts';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((close) => close()));
});

it('relays business ⇄ phone page, rewriting payload types, after the user picks up', async () => {
  const endpoint = createWeriftMediaEndpointFactory().create({ callId: 'phone-relay' });
  // Firefox-style numbering on the business leg, so the relay must map PTs: the phone leg uses 111/126.
  const business = new TestBrowserPeer({ opus: 109, telephoneEvent8k: 101, extras: false });
  const phone = new TestBrowserPeer();
  cleanup.push(() => endpoint.close(), () => business.close(), () => phone.close());

  const answer = await endpoint.answerBusinessOffer(await business.offer());
  expect(parse(answer).media[0]?.payloads).toBe('109 101');
  await business.applyAnswer(answer);

  const phoneOffer = await endpoint.openPhoneLeg();
  const phoneMedia = parse(phoneOffer).media;
  expect(phoneMedia).toHaveLength(1);
  expect(phoneMedia[0]?.payloads).toBe('111 126');
  expect(phoneMedia[0]?.setup).toBe('actpass');
  expect(parse(phoneOffer).icelite).toBeUndefined();
  await endpoint.acceptPhoneAnswer(await phone.answer(phoneOffer));
  await within(5000, 'both legs connected', Promise.all([business.connected(), phone.connected()]));

  const businessTone = opusToneFrames(1000);
  const phoneTone = opusToneFrames(660);
  business.sendLoop(businessTone);
  phone.sendLoop(phoneTone);

  // Business → phone flows as soon as both legs are up.
  const toPhone = (await within(5000, 'business audio at the phone', phone.waitForPackets(40))).slice(0, 40);
  expect(toPhone.every((p) => p.header.payloadType === 111)).toBe(true);
  expect(toPhone.every((p) => business.sentPayloads.has(p.payload.toString('hex')))).toBe(true);
  expect(numbering(toPhone).ssrcs.size).toBe(1);
  expect([...numbering(toPhone).seqSteps]).toEqual([1]);
  expect(measureOpus(toPhone).frequencyHz).toBeGreaterThan(950);

  // Phone → business waits for startUserMedia, even though the phone is already sending.
  await vi.waitFor(() => expect(endpoint.stats.phonePacketsIn).toBeGreaterThanOrEqual(25), { timeout: 3000 });
  expect(business.received).toHaveLength(0);

  // With a phone page attached, 'tone' is ignored: the phone is the user's voice.
  endpoint.startUserMedia('tone');
  const toBusiness = (await within(5000, 'phone audio at the business', business.waitForPackets(40))).slice(0, 40);
  expect(toBusiness.every((p) => p.header.payloadType === 109)).toBe(true);
  expect(toBusiness.every((p) => phone.sentPayloads.has(p.payload.toString('hex')))).toBe(true);
  const { ssrcs, seqSteps, tsSteps } = numbering(toBusiness);
  expect(ssrcs.size).toBe(1);
  expect([...seqSteps]).toEqual([1]);
  expect([...tsSteps]).toEqual([960]);
  const heard = measureOpus(toBusiness);
  expect(heard.frequencyHz).toBeGreaterThan(630);
  expect(heard.frequencyHz).toBeLessThan(690);
  expect(heard.rms).toBeGreaterThan(4500);

  // DTMF from the phone keeps its meaning: PT 126 on the phone leg arrives as PT 101, same payload.
  for (const digit of [1, 2, 3]) phone.sendTelephoneEvent(digit);
  await vi.waitFor(() => expect(business.received.filter((p) => p.header.payloadType === 101)).toHaveLength(3), { timeout: 3000 });
  const events = business.received.filter((p) => p.header.payloadType === 101);
  expect(events.map((p) => p.payload[0])).toEqual([1, 2, 3]);
  expect(new Set(business.received.map((p) => p.header.ssrc)).size).toBe(1);

  expect(endpoint.stats.phonePacketsOut).toBeGreaterThanOrEqual(40);
  expect(endpoint.stats.businessPacketsOut).toBeGreaterThanOrEqual(43);
});

it('switches the user from the headless tone to a phone page on the same SSRC, without a numbering jump', async () => {
  const endpoint = createWeriftMediaEndpointFactory().create({ callId: 'phone-switch' });
  const business = new TestBrowserPeer();
  const phone = new TestBrowserPeer();
  cleanup.push(() => endpoint.close(), () => business.close(), () => phone.close());

  await business.applyAnswer(await endpoint.answerBusinessOffer(await business.offer()));
  await within(5000, 'business connected', business.connected());
  endpoint.startUserMedia('tone');
  await within(5000, 'tone at the business', business.waitForPackets(10));

  await endpoint.acceptPhoneAnswer(await phone.answer(await endpoint.openPhoneLeg()));
  await within(5000, 'phone connected', phone.connected());
  const toneCount = business.received.length;
  phone.sendLoop(opusToneFrames(660));
  await within(5000, 'phone audio at the business', business.waitForPackets(toneCount + 20));

  const tonePackets = business.received.slice(0, toneCount);
  const phonePackets = business.received.slice(toneCount, toneCount + 20);
  // The tone stopped when the phone page joined, and the phone took over the same stream.
  expect(phonePackets.every((p) => phone.sentPayloads.has(p.payload.toString('hex')))).toBe(true);
  expect(tonePackets.some((p) => phone.sentPayloads.has(p.payload.toString('hex')))).toBe(false);
  const { ssrcs, seqSteps } = numbering(business.received.slice(0, toneCount + 20));
  expect(ssrcs.size).toBe(1);
  expect([...seqSteps]).toEqual([1]);
  expect(phonePackets[0]?.header.marker).toBe(true);
  // The clock moved on by about the silent gap between the two sources (never backwards).
  const lastTone = tonePackets.at(-1);
  const firstPhone = phonePackets[0];
  if (!lastTone || !firstPhone) throw new Error('missing packets');
  const gap = (firstPhone.header.timestamp - lastTone.header.timestamp) >>> 0;
  expect(gap).toBeGreaterThan(0);
  expect(gap).toBeLessThan(48_000 * 10);
});
