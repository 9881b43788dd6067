/**
 * The simulator as a standalone tool, used by a business that is not ours.
 *
 * The simulator runs as the integrator's command (`node --import tsx src/simulator/main.ts`, env
 * only). The business is a werift RTCPeerConnection — full ICE, controlling, Opus — that talks to
 * the simulator only over its Graph API and hears from it only through signed webhooks. Proven:
 *  - SDP rules: an offer with a data-channel m-line is refused with Meta's error 100; a stock
 *    Chromium audio offer is accepted;
 *  - business-initiated and user-initiated calls complete with real ICE, DTLS-SRTP and audio both
 *    ways (the simulated user's tone is decoded and measured; the business's audio is proven to
 *    reach the simulator by the echo user and by the 20 s media timer not firing — and, as a
 *    control, firing when the business stays silent);
 *  - the webhooks arrive signed, in Meta's order: connect, RINGING, ACCEPTED, terminate for
 *    business-initiated calls; connect, terminate for user-initiated ones.
 *
 * No sleeps: every wait is on an event (webhook arrival, packet count, DTLS state) with a bound.
 * Timings are attached to each test as annotations.
 */
import { randomBytes } from 'node:crypto';
import OpusScript from 'opusscript';
import { parse as parseSdp } from 'sdp-transform';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import {
  callPermissionsResponseSchema, connectResponseSchema, graphErrorSchema, successResponseSchema, webhookEnvelopeSchema,
} from '../../src/shared/meta-api.ts';
import { clockResultSchema, simLogSchema, simUserSchema, startUserCallResultSchema, type SimLogEntry } from '../../src/shared/sim-api.ts';
import { measureOpus, numbering } from '../../src/simulator/media/test-audio-analysis.ts';
import { TestBrowserPeer, within } from '../../src/simulator/media/test-browser-peer.ts';
import { chromiumAudioOffer, chromiumDataChannelOffer } from '../../src/simulator/test-support/sdp-fixtures.ts';
import { SignedWebhookReceiver, type CallEvent } from './signed-webhook-receiver.ts';
import { freePort, startSimulatorProcess, type SimulatorProcess } from './simulator-process.ts';

// ---- The world as the simulator's seed (src/shared/demo-data.ts) describes it -----------------

/** Production BR number: business-initiated calls allowed. */
const BR = '100000000000001';
const BR_DISPLAY = '551140001000';
const WABA_ID = '200000000000001';
/** Temporary permission granted a day ago. */
const ANA = '5511912345678';
/** Permanent permission. */
const BRUNO = '5521998765432';
/** Temporary permission granted two days ago. */
const IGOR = '5581971234567';

const ACCESS_TOKEN = `itest-${randomBytes(12).toString('hex')}`;
const APP_SECRET = `itest-secret-${randomBytes(12).toString('hex')}`;
const WAIT_MS = 10_000;

// Meta's tone: amplitude 8000 → RMS 5657, 440 Hz. Ours: 660 Hz, so an echo is recognisable.
const TONE_HZ = 440;
const BUSINESS_HZ = 660;

let sim: SimulatorProcess;
let receiver: SignedWebhookReceiver;
const peers: TestBrowserPeer[] = [];
const timings: Record<string, Record<string, number>> = {};

// ---- The business's own tools: HTTP, audio ------------------------------------------------------

interface HttpResult {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed by schemas where it matters
  json: any;
}

async function http(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
  const res = await fetch(url, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

/** `POST /v23.0/{phone_number_id}/calls` with the bearer token, as graph.facebook.com is called. */
const calls = (body: unknown) => http('POST', `${sim.url}/v23.0/${BR}/calls`, body, { authorization: `Bearer ${ACCESS_TOKEN}` });
/** The simulator's control API (plays the WhatsApp users and the clock). */
const control = (method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) => http(method, `${sim.url}/_sim${path}`, body);

const connect = (to: string, sdp: string) => calls({ messaging_product: 'whatsapp', to, action: 'connect', session: { sdp_type: 'offer', sdp } });
const answerAction = (action: 'pre_accept' | 'accept', callId: string, sdp: string) =>
  calls({ messaging_product: 'whatsapp', call_id: callId, action, session: { sdp_type: 'answer', sdp } });
const terminate = (callId: string) => calls({ messaging_product: 'whatsapp', call_id: callId, action: 'terminate' });

async function setUser(waId: string, patch: Record<string, unknown>): Promise<void> {
  const res = await control('PUT', `/users/${waId}`, patch);
  expect(res.status).toBe(200);
  expect(simUserSchema.parse(res.json)).toMatchObject(patch);
}

async function advanceClock(ms: number): Promise<void> {
  const res = await control('POST', '/clock', { advance_ms: ms });
  expect(res.status).toBe(200);
  clockResultSchema.parse(res.json);
}

async function logOf(callId: string): Promise<SimLogEntry[]> {
  const res = await control('GET', '/log');
  expect(res.status).toBe(200);
  return simLogSchema.parse(res.json).entries.filter((e) => e.call_id === callId);
}

/** One second of a sine as 50 Opus frames (20 ms, mono, 48 kHz) — whole periods, so it loops cleanly. */
function businessVoice(hz: number): Buffer[] {
  const encoder = new OpusScript(48_000, 1, OpusScript.Application.VOIP);
  try {
    encoder.setBitrate(32_000);
    const frames: Buffer[] = [];
    for (let f = 0; f < 50; f++) {
      const pcm = Buffer.alloc(960 * 2);
      for (let i = 0; i < 960; i++) pcm.writeInt16LE(Math.round(6000 * Math.sin((2 * Math.PI * hz * (f * 960 + i)) / 48_000)), i * 2);
      frames.push(Buffer.from(encoder.encode(pcm, 960)));
    }
    return frames;
  } finally {
    encoder.delete();
  }
}

function newBusinessPeer(): TestBrowserPeer {
  const peer = new TestBrowserPeer();
  peers.push(peer);
  return peer;
}

/** The peer's ICE as it ended up: it must be the full, controlling agent against Meta's lite one. */
function expectFullControllingIce(peer: TestBrowserPeer): void {
  const [ice] = peer.pc.iceTransports;
  expect(ice).toBeDefined();
  expect(ice!.connection.iceLite).toBe(false);
  expect(ice!.connection.remoteIsLite).toBe(true);
  expect(ice!.role).toBe('controlling');
  expect(['connected', 'completed']).toContain(ice!.state);
  expect(ice!.getSelectedCandidatePair()).not.toBeNull();
}

/** What a listener would hear from the packets: Meta's tone, on one SSRC, Opus PT 111, no empty frames. */
function expectTone(peer: TestBrowserPeer, hz: number): { rms: number; frequencyHz: number } {
  const packets = peer.received;
  expect(packets.length).toBeGreaterThanOrEqual(50);
  expect(new Set(packets.map((p) => p.header.payloadType))).toEqual(new Set([111]));
  expect(numbering(packets).ssrcs.size).toBe(1);
  expect(Math.min(...packets.map((p) => p.payload.length))).toBeGreaterThan(10);
  const heard = measureOpus(packets);
  expect(heard.rms).toBeGreaterThan(3500);
  expect(heard.rms).toBeLessThan(7500);
  expect(heard.frequencyHz).toBeGreaterThan(hz - 25);
  expect(heard.frequencyHz).toBeLessThan(hz + 25);
  return heard;
}

/** Shapes every call webhook shares: the product's own envelope schema, string timestamps, our number. */
function expectMetaEnvelope(e: CallEvent, direction: 'USER_INITIATED' | 'BUSINESS_INITIATED', user: string): void {
  expect(e.field).toBe('calls');
  expect(e.value.messaging_product).toBe('whatsapp');
  expect(e.value.metadata).toEqual({ display_phone_number: BR_DISPLAY, phone_number_id: BR });
  expect(e.value.contacts?.[0]?.wa_id).toBe(user);
  expect(e.item.timestamp).toMatch(/^\d{10}$/);
  if (e.kind === 'call') {
    expect(e.item.direction).toBe(direction);
    const [from, to] = direction === 'USER_INITIATED' ? [user, BR_DISPLAY] : [BR_DISPLAY, user];
    expect({ from: e.item.from, to: e.item.to }).toEqual({ from, to });
  } else {
    expect(e.item).toMatchObject({ type: 'call', recipient_id: user });
  }
}

async function note(ctx: TestContext, name: string, figures: Record<string, number>): Promise<void> {
  timings[name] = figures;
  await ctx.annotate(`${name}: ${Object.entries(figures).map(([k, v]) => `${k}=${Math.round(v)}ms`).join(' ')}`, 'timing');
}

// ---- Lifecycle ----------------------------------------------------------------------------------

beforeAll(async () => {
  receiver = await SignedWebhookReceiver.start(APP_SECRET);
  const port = await freePort();
  const startedAt = performance.now();
  sim = await startSimulatorProcess({
    SIMULATOR_PORT: String(port),
    SIMULATOR_ACCESS_TOKEN: ACCESS_TOKEN,
    SIMULATOR_WEBHOOK_URL: receiver.url,
    SIMULATOR_APP_SECRET: APP_SECRET,
  });
  timings.startup = { readinessLine: performance.now() - startedAt };
  expect(sim.url).toBe(`http://127.0.0.1:${port}`);
});

afterAll(async () => {
  await Promise.allSettled(peers.map((p) => p.close()));
  await sim?.stop();
  await receiver?.close();
  const lines = Object.entries(timings).map(([name, figures]) =>
    `  ${name}: ${Object.entries(figures).map(([k, v]) => `${k}=${Math.round(v)}ms`).join(', ')}`);
  process.stdout.write(`\nstandalone simulator timings:\n${lines.join('\n')}\n`);
});

// ---- The tests (run in order; each leaves no live call behind) ---------------------------------

describe('the standalone simulator, driven by a werift business over HTTP and webhooks', () => {
  it('serves the Graph API with the configured token and refuses any other (190)', async () => {
    // The banner follows the readiness line: the token is the one we set, webhooks go to our receiver.
    await sim.waitForOutput(/100000000000003 .*138013/);
    expect(sim.output()).toMatch(/Access token:\s+\(from SIMULATOR_ACCESS_TOKEN\)/);
    expect(sim.output()).toContain(`Webhooks to:   ${receiver.url}`);
    expect(sim.output()).toMatch(/100000000000001 .*business-initiated calls allowed/);
    const ok = await http('GET', `${sim.url}/v23.0/${BR}/call_permissions?user_wa_id=${ANA}`, undefined, { authorization: `Bearer ${ACCESS_TOKEN}` });
    expect(ok.status).toBe(200);
    expect(callPermissionsResponseSchema.parse(ok.json).permission.status).toBe('temporary');
    const wrong = await http('POST', `${sim.url}/v23.0/${BR}/calls`, { messaging_product: 'whatsapp', action: 'terminate', call_id: 'wacid.x' }, { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect(graphErrorSchema.parse(wrong.json).error.code).toBe(190);
  });

  it('has a webhook receiver that refuses (401) deliveries whose signature does not verify', async () => {
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [] });
    const forged = await fetch(receiver.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` }, body });
    const unsigned = await fetch(receiver.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect([forged.status, unsigned.status]).toEqual([401, 401]);
    expect(receiver.rejected).toHaveLength(2);
  });

  it('refuses a connect whose offer has a data-channel m-line with error 100, and creates no call', async () => {
    // The fixture is a real browser shape: the audio section plus `m=application … webrtc-datachannel`.
    const media = parseSdp(chromiumDataChannelOffer).media;
    expect(media.map((m) => m.type)).toEqual(['audio', 'application']);
    expect(media[1]?.protocol).toBe('UDP/DTLS/SCTP');

    const res = await connect(BRUNO, chromiumDataChannelOffer);
    expect(res.status).toBe(400);
    const { error } = graphErrorSchema.parse(res.json);
    expect(error.code).toBe(100);
    expect(error.type).toBe('OAuthException');
    expect(error.message).toMatch(/^\(#100\) /);
    expect(error.error_data?.details).toMatch(/exactly one m-line.*data channel/i);
    expect(error.fbtrace_id).toEqual(expect.any(String));

    const log = simLogSchema.parse((await control('GET', '/log')).json).entries;
    expect(log.at(-1)).toMatchObject({ kind: 'graph', action: 'connect', status: 400, error_code: 100, call_id: null });
  });

  it('accepts a stock Chromium audio offer: 200 with a call id, Meta\'s answer in connect, then terminate', async (ctx) => {
    await setUser(BRUNO, { on_call: 'ignore' });
    const sentAt = performance.now();
    const res = await connect(BRUNO, chromiumAudioOffer);
    const answeredAt = performance.now();
    expect(res.status).toBe(200);
    const callId = connectResponseSchema.parse(res.json).calls[0]!.id;
    expect(res.json).toEqual({ messaging_product: 'whatsapp', calls: [{ id: callId }] });
    expect(callId).toMatch(/^wacid\.[A-Za-z0-9+/=_-]+$/);

    const connected = await receiver.waitForEvent(callId, 'connect', WAIT_MS);
    expect(connected.item.session.sdp_type).toBe('answer');
    expect(parseSdp(connected.item.session.sdp).media).toHaveLength(1);
    await receiver.waitForEvent(callId, 'RINGING', WAIT_MS);

    expect(successResponseSchema.parse((await terminate(callId)).json)).toEqual({ messaging_product: 'whatsapp', success: true });
    const end = await receiver.waitForEvent(callId, 'terminate', WAIT_MS);
    expect(end.item.status).toBe('COMPLETED');
    // Never picked up: no start_time, end_time or duration (reference §3.5).
    expect(end.item).not.toHaveProperty('duration');
    expect(end.item).not.toHaveProperty('start_time');
    expect(receiver.namesOf(callId)).toEqual(['connect', 'RINGING', 'terminate']);
    await note(ctx, 'chromium offer', { connectHttp: answeredAt - sentAt, connectWebhook: connected.at - sentAt });
  });

  it('business-initiated: connect → RINGING → ACCEPTED, real ICE and audio both ways, terminate COMPLETED', async (ctx) => {
    await setUser(ANA, { on_call: 'answer', answer_after_ms: 300, audio: 'tone' });
    const business = newBusinessPeer();
    const offer = await business.offer();
    expect(offer).not.toMatch(/a=ice-lite/);
    expect(offer).toMatch(/a=setup:actpass/);

    const t0 = performance.now();
    const res = await connect(ANA, offer);
    const tHttp = performance.now();
    expect(res.status).toBe(200);
    const callId = connectResponseSchema.parse(res.json).calls[0]!.id;

    // Meta's answer arrives before the user picks up; apply it at once (reference §3.3).
    const connected = await receiver.waitForEvent(callId, 'connect', WAIT_MS);
    expectMetaEnvelope(connected, 'BUSINESS_INITIATED', ANA);
    expect(connected.item.session.sdp_type).toBe('answer');
    const answer: string = connected.item.session.sdp;
    const parsed = parseSdp(answer);
    expect(parsed.icelite).toBe('ice-lite');
    expect(parsed.media).toHaveLength(1);
    expect(parsed.media[0]).toMatchObject({ type: 'audio', protocol: 'UDP/TLS/RTP/SAVPF', setup: 'active' });
    expect(parsed.media[0]!.rtp.find((r) => r.payload === 111)).toMatchObject({ codec: 'opus', rate: 48000 });
    expect(parsed.media[0]!.candidates?.length).toBeGreaterThan(0);
    await business.applyAnswer(answer);
    await within(WAIT_MS, 'ICE and DTLS with the simulator', business.connected());
    const tDtls = performance.now();
    expectFullControllingIce(business);

    // Media flows from the moment the path is up; ACCEPTED is for auditing, not a gate (§3.4).
    business.sendLoop(businessVoice(BUSINESS_HZ));
    const ringing = await receiver.waitForEvent(callId, 'RINGING', WAIT_MS);
    const accepted = await receiver.waitForEvent(callId, 'ACCEPTED', WAIT_MS);
    expectMetaEnvelope(ringing, 'BUSINESS_INITIATED', ANA);
    expectMetaEnvelope(accepted, 'BUSINESS_INITIATED', ANA);

    await within(WAIT_MS, "the user's first audio packet", business.waitForPackets(1));
    const tFirstPacket = performance.now();
    await within(WAIT_MS, "a second of the user's audio", business.waitForPackets(50));
    const heard = expectTone(business, TONE_HZ);

    // Had no business audio reached the simulator, its 20 s media timer would end the call FAILED
    // 138021 during this jump (the control test below shows it does), and terminate would be refused.
    await advanceClock(25_000);
    const ended = await terminate(callId);
    expect(ended.status).toBe(200);
    const end = await receiver.waitForEvent(callId, 'terminate', WAIT_MS);
    business.stop();
    expectMetaEnvelope(end, 'BUSINESS_INITIATED', ANA);
    expect(end.item.status).toBe('COMPLETED');
    expect(end.item).not.toHaveProperty('errors');
    expect(Number.isInteger(end.item.duration)).toBe(true);
    expect(end.item.duration).toBeGreaterThanOrEqual(25);
    expect(end.item.duration).toBeLessThan(40);
    expect(end.item.start_time).toMatch(/^\d{10}$/);
    expect(end.item.end_time).toMatch(/^\d{10}$/);
    expect(Number(end.item.end_time) - Number(end.item.start_time)).toBe(end.item.duration);

    // Meta's order, and nothing else was sent for this call (the simulator's own log agrees).
    expect(receiver.namesOf(callId)).toEqual(['connect', 'RINGING', 'ACCEPTED', 'terminate']);
    const stamps = receiver.eventsOf(callId).map((e) => Number(e.item.timestamp));
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    expect(stamps[3]! - stamps[2]!).toBeGreaterThanOrEqual(25);
    const webhooksSent = (await logOf(callId)).filter((e) => e.kind === 'webhook');
    expect(webhooksSent.map((e) => [e.event, e.status, e.attempt])).toEqual([
      ['connect', 200, 1], ['RINGING', 200, 1], ['ACCEPTED', 200, 1], ['terminate', 200, 1],
    ]);

    await note(ctx, 'business-initiated', {
      connectHttp: tHttp - t0,
      connectWebhook: connected.at - t0,
      iceDtlsAfterAnswerApplied: tDtls - connected.at,
      ringing: ringing.at - t0,
      accepted: accepted.at - t0,
      firstAudioAfterAccepted: tFirstPacket - accepted.at,
      firstAudio: tFirstPacket - t0,
      toneRms: heard.rms,
    });
  });

  it('business-initiated with an echoing user: the business\'s own audio comes back through the simulator', async (ctx) => {
    await setUser(IGOR, { on_call: 'answer', answer_after_ms: 300, audio: 'echo' });
    const business = newBusinessPeer();
    const t0 = performance.now();
    const res = await connect(IGOR, await business.offer());
    expect(res.status).toBe(200);
    const callId = connectResponseSchema.parse(res.json).calls[0]!.id;
    const connected = await receiver.waitForEvent(callId, 'connect', WAIT_MS);
    await business.applyAnswer(connected.item.session.sdp);
    await within(WAIT_MS, 'ICE and DTLS with the simulator', business.connected());
    business.sendLoop(businessVoice(BUSINESS_HZ));
    await receiver.waitForEvent(callId, 'ACCEPTED', WAIT_MS);

    await within(WAIT_MS, 'the echo of our audio', business.waitForPackets(50));
    const tEcho = performance.now();
    // Byte for byte what we sent: the simulator decrypted our SRTP, took the frames, sent them back.
    expect(business.received.every((p) => business.sentPayloads.has(p.payload.toString('hex')))).toBe(true);
    const heard = expectTone(business, BUSINESS_HZ);

    expect((await terminate(callId)).status).toBe(200);
    await receiver.waitForEvent(callId, 'terminate', WAIT_MS);
    business.stop();
    expect(receiver.namesOf(callId)).toEqual(['connect', 'RINGING', 'ACCEPTED', 'terminate']);
    await note(ctx, 'echo', { connectToFiftyEchoedPackets: tEcho - t0, echoRms: heard.rms, echoHz: heard.frequencyHz });
  });

  it('control: a business that sends no audio is cut off after 20 s with FAILED 138021', async () => {
    await setUser(BRUNO, { on_call: 'answer', answer_after_ms: 300 });
    const business = newBusinessPeer();
    const res = await connect(BRUNO, await business.offer());
    expect(res.status).toBe(200);
    const callId = connectResponseSchema.parse(res.json).calls[0]!.id;
    const connected = await receiver.waitForEvent(callId, 'connect', WAIT_MS);
    await business.applyAnswer(connected.item.session.sdp);
    await within(WAIT_MS, 'ICE and DTLS with the simulator', business.connected());
    await receiver.waitForEvent(callId, 'ACCEPTED', WAIT_MS);

    await advanceClock(25_000);
    const end = await receiver.waitForEvent(callId, 'terminate', WAIT_MS);
    expect(end.item.status).toBe('FAILED');
    expect(end.item.errors?.[0]?.code).toBe(138021);
    expect(end.value.errors?.[0]?.code).toBe(138021);
    expect(receiver.namesOf(callId)).toEqual(['connect', 'RINGING', 'ACCEPTED', 'terminate']);
    const late = await terminate(callId);
    expect(late.status).toBe(400);
    expect(graphErrorSchema.parse(late.json).error.code).toBe(100);
  });

  it('user-initiated: connect offer → pre_accept → accept (same SDP), real ICE and audio both ways, terminate', async (ctx) => {
    await setUser(ANA, { audio: 'tone' });
    const t0 = performance.now();
    const started = await control('POST', `/users/${ANA}/calls`, { phone_number_id: BR });
    expect(started.status).toBe(200);
    const callId = startUserCallResultSchema.parse(started.json).call_id;

    const connected = await receiver.waitForEvent(callId, 'connect', WAIT_MS);
    expectMetaEnvelope(connected, 'USER_INITIATED', ANA);
    expect(connected.value.contacts[0].profile.name).toBe('Ana Souza');
    expect(connected.item.session.sdp_type).toBe('offer');
    const offer: string = connected.item.session.sdp;
    const parsed = parseSdp(offer);
    expect(parsed.icelite).toBe('ice-lite');
    expect(parsed.media).toHaveLength(1);
    expect(parsed.media[0]).toMatchObject({ type: 'audio', protocol: 'UDP/TLS/RTP/SAVPF', setup: 'actpass', direction: 'sendrecv' });
    expect(parsed.media[0]!.rtp.find((r) => r.payload === 111)).toMatchObject({ codec: 'opus', rate: 48000, encoding: 2 });
    expect(parsed.media[0]!.rtp.find((r) => r.codec === 'telephone-event')).toMatchObject({ payload: 126, rate: 8000 });
    expect(parsed.media[0]!.candidates?.length).toBeGreaterThan(0);
    expect(parsed.fingerprint ?? parsed.media[0]!.fingerprint).toBeDefined();

    const business = newBusinessPeer();
    const answer = await business.answer(offer);
    expect(answer).not.toMatch(/a=ice-lite/);
    expect(answer).toMatch(/a=setup:active/);

    const tPreAccept = performance.now();
    expect((await answerAction('pre_accept', callId, answer)).json).toEqual({ messaging_product: 'whatsapp', success: true });
    // pre_accept lets ICE and DTLS finish before the call is picked up (reference §2.2).
    await within(WAIT_MS, 'ICE and DTLS with the simulator', business.connected());
    const tDtls = performance.now();
    expectFullControllingIce(business);
    const packetsBeforeAccept = business.received.length;

    // accept must carry the pre_accept SDP: one changed byte is Meta's error 100, and the call lives on.
    const altered = answer.replace(/^(o=\S+ \S+ )(\d+)/m, (_m, head: string, version: string) => `${head}${Number(version) + 1}`);
    expect(altered).not.toBe(answer);
    const mismatch = await answerAction('accept', callId, altered);
    expect(mismatch.status).toBe(400);
    const { error } = graphErrorSchema.parse(mismatch.json);
    expect(error.code).toBe(100);
    expect(error.error_data?.details).toMatch(/pre_accept/);

    const tAccept = performance.now();
    expect((await answerAction('accept', callId, answer)).json).toEqual({ messaging_product: 'whatsapp', success: true });
    const tAccepted = performance.now();
    // "Flow the call media only after you receive a 200 OK" (reference §2.3).
    business.sendLoop(businessVoice(BUSINESS_HZ));
    await within(WAIT_MS, "the user's first audio packet", business.waitForPackets(1));
    const tFirstPacket = performance.now();
    await within(WAIT_MS, "a second of the user's audio", business.waitForPackets(50));
    const heard = expectTone(business, TONE_HZ);

    // As above: without business audio at the simulator, this jump would end the call with 138021.
    await advanceClock(25_000);
    expect((await terminate(callId)).status).toBe(200);
    const end = await receiver.waitForEvent(callId, 'terminate', WAIT_MS);
    business.stop();
    expectMetaEnvelope(end, 'USER_INITIATED', ANA);
    expect(end.item.status).toBe('COMPLETED');
    expect(end.item).not.toHaveProperty('errors');
    expect(Number.isInteger(end.item.duration)).toBe(true);
    expect(end.item.duration).toBeGreaterThanOrEqual(25);
    expect(end.item.duration).toBeLessThan(40);
    expect(Number(end.item.end_time) - Number(end.item.start_time)).toBe(end.item.duration);

    // No statuses[] on user-initiated calls: connect, then terminate, and nothing else was sent.
    expect(receiver.namesOf(callId)).toEqual(['connect', 'terminate']);
    const log = await logOf(callId);
    expect(log.filter((e) => e.kind === 'webhook').map((e) => [e.event, e.status])).toEqual([['connect', 200], ['terminate', 200]]);
    expect(log.filter((e) => e.kind === 'graph').map((e) => [e.action, e.status, e.error_code ?? null])).toEqual([
      ['pre_accept', 200, null], ['accept', 400, 100], ['accept', 200, null], ['terminate', 200, null],
    ]);

    await note(ctx, 'user-initiated', {
      connectWebhook: connected.at - t0,
      iceDtlsAfterPreAccept: tDtls - tPreAccept,
      acceptHttp: tAccepted - tAccept,
      firstAudioAfterAccept: tFirstPacket - tAccepted,
      firstAudio: tFirstPacket - t0,
      packetsBeforeAccept,
      toneRms: heard.rms,
    });
  });

  it('delivered every webhook signed with the app secret, as JSON, from Meta\'s user agent', () => {
    const fromSimulator = receiver.deliveries.slice(2); // the first two are the forged probes above
    expect(receiver.deliveries.slice(0, 2).every((d) => d.status === 401)).toBe(true);
    // Chromium offer 3 + business-initiated 4 + echo 4 + control 4 + user-initiated 2: no extras, no duplicates, no retries.
    expect(fromSimulator).toHaveLength(17);
    expect(receiver.events).toHaveLength(17);
    for (const d of fromSimulator) {
      expect(d).toMatchObject({ method: 'POST', path: '/webhooks/meta', signatureValid: true, status: 200, contentType: 'application/json', userAgent: 'facebookexternalua' });
      expect(d.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
      // Meta's bytes are ASCII (non-ASCII is \u-escaped; reference §3.7).
      expect(d.raw.every((byte) => byte < 0x80)).toBe(true);
      // The product server's own parser takes it; one WABA, one change.
      const envelope = webhookEnvelopeSchema.parse(JSON.parse(d.raw.toString('utf8')));
      expect(envelope.entry.map((e) => [e.id, e.changes.length])).toEqual([[WABA_ID, 1]]);
    }
    expect(receiver.rejected).toHaveLength(2);
  });

  it('shuts down cleanly on SIGTERM', async () => {
    await Promise.all(peers.map((p) => p.close()));
    const code = await sim.stop();
    expect(code).toBe(0);
    expect(sim.errors()).toBe('');
  });
});
