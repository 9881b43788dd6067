import { parse } from 'sdp-transform';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkBusinessSdp } from '../../shared/sdp-rules.ts';
import type { MediaEndpoint } from './media-endpoint.ts';
import { opusToneFrames } from './opus-tone.ts';
import { measureOpus, numbering } from './test-audio-analysis.ts';
import { TestBrowserPeer, within } from './test-browser-peer.ts';
import { createWeriftMediaEndpointFactory } from './werift-endpoint.ts';

const factory = createWeriftMediaEndpointFactory();
const cleanup: Array<() => Promise<void>> = [];

function track<T extends { close(): Promise<void> }>(closable: T): T {
  cleanup.push(() => closable.close());
  return closable;
}

afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((close) => close()));
});

/** The shape Meta's relay gives its SDP (reference §8.5). */
function expectMetaShape(sdp: string, setup: string): void {
  const session = parse(sdp);
  expect(session.icelite).toBe('ice-lite');
  expect(session.media).toHaveLength(1);
  const [audio] = session.media;
  expect(audio?.type).toBe('audio');
  expect(audio?.protocol).toBe('UDP/TLS/RTP/SAVPF');
  expect(audio?.payloads).toBe('111 126');
  expect(audio?.rtp).toEqual([
    { payload: 111, codec: 'opus', rate: 48000, encoding: 2 },
    { payload: 126, codec: 'telephone-event', rate: 8000 },
  ]);
  expect(audio?.setup).toBe(setup);
  expect(audio?.msid).toEqual([{ id: 'WhatsAppStream1', appdata: expect.any(String) }]);
  expect(audio?.candidates?.length).toBeGreaterThan(0);
  expect(audio?.candidates?.every((c) => c.type === 'host' && c.transport === 'udp')).toBe(true);
  expect(audio?.candidates?.some((c) => c.ip === '127.0.0.1')).toBe(true);
  expect(checkBusinessSdp(sdp).ok).toBe(true);
}

function firstBusinessMedia(endpoint: MediaEndpoint): { fired: () => boolean; promise: Promise<void> } {
  let fired = false;
  const promise = new Promise<void>((resolve) =>
    endpoint.onFirstBusinessMedia(() => {
      fired = true;
      resolve();
    }),
  );
  return { fired: () => fired, promise };
}

describe('business-initiated call: the business offers, the endpoint answers as Meta', () => {
  it.each(['active', 'passive'] as const)('answers ICE-lite with a=setup:%s, connects, and plays the tone once the user picks up', async (role) => {
    const endpoint = track(factory.create({ callId: `bic-${role}`, dtlsRoleInAnswer: role }));
    const business = track(new TestBrowserPeer());
    const firstMedia = firstBusinessMedia(endpoint);

    const connectStarted = performance.now();
    const answer = await endpoint.answerBusinessOffer(await business.offer());
    expectMetaShape(answer, role);
    await business.applyAnswer(answer);
    await within(5000, 'DTLS connected', business.connected());
    const connectMs = performance.now() - connectStarted;
    expect(connectMs).toBeLessThan(5000);

    // The business speaks first; the user has not picked up, so nothing comes back yet.
    expect(firstMedia.fired()).toBe(false);
    business.sendLoop(opusToneFrames(1000));
    await within(3000, 'first business media', firstMedia.promise);
    await vi.waitFor(() => expect(endpoint.stats.businessPacketsIn).toBeGreaterThanOrEqual(15), { timeout: 3000 });
    expect(business.received).toHaveLength(0);
    expect(endpoint.stats.businessPacketsOut).toBe(0);

    endpoint.startUserMedia('tone');
    const packets = (await within(5000, '50 tone packets', business.waitForPackets(50))).slice(0, 50);
    const { ssrcs, seqSteps, tsSteps } = numbering(packets);
    expect(ssrcs.size).toBe(1);
    expect([...seqSteps]).toEqual([1]);
    expect([...tsSteps]).toEqual([960]);
    expect(packets.every((p) => p.header.payloadType === 111)).toBe(true);
    const heard = measureOpus(packets);
    expect(heard.rms).toBeGreaterThan(4500); // a sine of amplitude 8000 has RMS 5657
    expect(heard.rms).toBeLessThan(7000);
    expect(heard.frequencyHz).toBeGreaterThan(420);
    expect(heard.frequencyHz).toBeLessThan(460);
    expect(endpoint.stats.businessPacketsOut).toBeGreaterThanOrEqual(50);
  });

  it('decodes the DTMF the business sends, each RFC 4733 event once despite its repeated end packets', async () => {
    const endpoint = track(factory.create({ callId: 'bic-dtmf' }));
    const business = track(new TestBrowserPeer({ opus: 111, telephoneEvent8k: 101, extras: true }));
    const digits: string[] = [];
    endpoint.onDtmf((digit) => digits.push(digit));
    await business.applyAnswer(await endpoint.answerBusinessOffer(await business.offer()));
    await within(5000, 'DTLS connected', business.connected());
    // Each event: 3 updates, then its end packet 3 times. The last digit arrives after every
    // repeat of the earlier ones, so a repeat recorded twice would show in the list.
    for (const event of [1, 11, 9, 10, 0]) business.sendDtmfEvent(event);
    await vi.waitFor(() => expect(digits.at(-1)).toBe('0'), { timeout: 5000 });
    expect(digits).toEqual(['1', '#', '9', '*', '0']);
  });

  it('refuses an offer without Opus', async () => {
    const endpoint = track(factory.create({ callId: 'bic-no-opus' }));
    const business = track(new TestBrowserPeer());
    const offer = (await business.offer()).replace(/opus\/48000\/2/g, 'ISAC/16000');
    await expect(endpoint.answerBusinessOffer(offer)).rejects.toThrow();
  });
});

describe('user-initiated call: the endpoint offers as Meta, the business answers', () => {
  async function connectedCall(callId: string): Promise<{ endpoint: MediaEndpoint; business: TestBrowserPeer }> {
    const endpoint = track(factory.create({ callId }));
    const business = track(new TestBrowserPeer());
    const offer = await endpoint.createBusinessOffer();
    expectMetaShape(offer, 'actpass');
    const answer = await business.answer(offer);
    expect(parse(answer).media[0]?.setup).toBe('active');
    await endpoint.applyBusinessAnswer(answer);
    await within(5000, 'DTLS connected', business.connected());
    return { endpoint, business };
  }

  it('echoes the business audio back, byte for byte, on the endpoint SSRC', async () => {
    const { endpoint, business } = await connectedCall('uic-echo');
    endpoint.startUserMedia('echo');
    business.sendLoop(opusToneFrames(1000));
    const packets = (await within(5000, '30 echoed packets', business.waitForPackets(30))).slice(0, 30);
    expect(packets.every((p) => business.sentPayloads.has(p.payload.toString('hex')))).toBe(true);
    const { ssrcs, seqSteps } = numbering(packets);
    expect(ssrcs.size).toBe(1);
    expect(ssrcs.has(business.pc.getTransceivers()[0]?.sender.ssrc ?? -1)).toBe(false);
    expect([...seqSteps]).toEqual([1]);
    expect(measureOpus(packets).frequencyHz).toBeGreaterThan(950);
  });

  it('sends nothing in silence mode', async () => {
    const { endpoint, business } = await connectedCall('uic-silence');
    endpoint.startUserMedia('silence');
    business.sendLoop(opusToneFrames(1000));
    await vi.waitFor(() => expect(endpoint.stats.businessPacketsIn).toBeGreaterThanOrEqual(25), { timeout: 3000 });
    expect(business.received).toHaveLength(0);
    expect(endpoint.stats.businessPacketsOut).toBe(0);
  });
});
