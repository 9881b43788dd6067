/**
 * Starts a simulator on an ephemeral port with a manual clock (time moves only through
 * `POST /_sim/clock`), fake media, and a real webhook receiver; plus small HTTP helpers.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createSimClock } from '../clock.ts';
import { createFakeMediaFactory, type FakeMediaFactory, type FakeMediaOptions } from '../fake-media.ts';
import type { MediaEndpointFactory } from '../media/media-endpoint.ts';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../start.ts';
import { WebhookReceiver } from './webhook-receiver.ts';

export const ACCESS_TOKEN = 'test-token';
export const APP_SECRET = 'test-app-secret';
/** Demo data: production BR number (business-initiated calls allowed). */
export const BR = '100000000000001';
/** Demo data: sandbox number (relaxed limits). */
export const SANDBOX = '100000000000002';
/** Demo data: production US number (138013). */
export const US = '100000000000003';
/** Demo data users. */
export const ANA = '5511912345678'; // temporary permission, 1 day old
export const BRUNO = '5521998765432'; // permanent permission
export const CARLA = '5531987651234'; // no permission
export const DIEGO = '5541976543210'; // declined 2 days ago
export const FRANK_NOT_ON_WHATSAPP = '447700900123';
export const GABRIEL = '5561991234567'; // temporary permission, 9 connected calls in the last 9 hours
export const HELENA = '5571981234567'; // permanent permission, then 3 unanswered calls in a row
/** Demo username-only user: hides her number; temporary permission, 1 day old. */
export const JOANA = '5511987650001';
export const JOANA_BSUID = 'BR.27510498236615590347';

export interface HttpResult {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read Meta's JSON loosely
  json: any;
  headers: Headers;
}

export interface Harness {
  sim: RunningSimulator;
  receiver: WebhookReceiver;
  media: FakeMediaFactory;
  /** A Graph request with the bearer token (or `token`; null = none). */
  graph(method: 'GET' | 'POST', path: string, body?: unknown, token?: string | null): Promise<HttpResult>;
  /** A control API request (`/_sim` + path), with the control token when the simulator has one. */
  control(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<HttpResult>;
  /** Advances the simulator clock through the control API. */
  advance(ms: number): Promise<number>;
  close(): Promise<void>;
}

export interface HarnessOptions extends FakeMediaOptions {
  mediaFactory?: MediaEndpointFactory;
  /** Fast retries for webhook tests (default: 3 tries, 20 ms backoff). */
  webhookBackoffMs?: number;
  policyProfile?: SimulatorOptions['policyProfile'];
  concurrentCalls?: SimulatorOptions['concurrentCalls'];
  /** The world's JSON file (default: memory only). */
  stateFile?: string;
  /** The manual clock's start, epoch ms (default: wall time at start). */
  clockStart?: number;
  /** The reorder_webhooks fault's random source (default Math.random). */
  webhookRandom?: () => number;
  /** The control token the simulator requires; `control()` sends it. */
  controlToken?: string;
  allowedOrigins?: SimulatorOptions['allowedOrigins'];
}

async function request(url: string, method: string, body: unknown, headers: Record<string, string>): Promise<HttpResult> {
  const res = await fetch(url, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, headers: res.headers };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const receiver = await WebhookReceiver.start(APP_SECRET);
  const media = createFakeMediaFactory(options);
  const sim = await startSimulator({
    port: 0,
    accessToken: ACCESS_TOKEN,
    appSecret: APP_SECRET,
    webhookUrl: receiver.url,
    mediaFactory: options.mediaFactory ?? media,
    clock: createSimClock({ realTime: false, ...(options.clockStart === undefined ? {} : { start: options.clockStart }) }),
    webhooks: { attempts: 3, backoffMs: options.webhookBackoffMs ?? 20, timeoutMs: 2000, ...(options.webhookRandom ? { random: options.webhookRandom } : {}) },
    ...(options.policyProfile ? { policyProfile: options.policyProfile } : {}),
    ...(options.concurrentCalls ? { concurrentCalls: options.concurrentCalls } : {}),
    ...(options.controlToken === undefined ? {} : { controlToken: options.controlToken }),
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
    ...(options.stateFile === undefined ? {} : { stateFile: options.stateFile }),
  });
  const controlHeaders: Record<string, string> = options.controlToken === undefined ? {} : { authorization: `Bearer ${options.controlToken}` };
  const harness: Harness = {
    sim,
    receiver,
    media,
    graph: (method, path, body, token = ACCESS_TOKEN) =>
      request(`${sim.url}/v23.0${path}`, method, body, token === null ? {} : { authorization: `Bearer ${token}` }),
    control: (method, path, body) => request(`${sim.url}/_sim${path}`, method, body, controlHeaders),
    async advance(ms) {
      const res = await harness.control('POST', '/clock', { advance_ms: ms });
      return res.json.now as number;
    },
    async close() {
      await sim.close();
      await receiver.close();
    },
  };
  return harness;
}

/**
 * The usual setup of a test file (or `describe`): one harness for all its tests, started in
 * `beforeAll` and closed in `afterAll`; before each test the simulator is reset, the received
 * webhooks are cleared, and `afterReset` runs for what the file resets besides. Returns the
 * harness as a stand-in that reaches the running one, to use inside hooks and tests.
 */
export function useHarness(options: HarnessOptions = {}, afterReset?: (h: Harness) => void | Promise<void>): Harness {
  let running: Harness | undefined;
  const current = (): Harness => {
    if (!running) throw new Error('useHarness: the harness starts in beforeAll; use it inside hooks and tests');
    return running;
  };
  beforeAll(async () => {
    running = await startHarness(options);
  });
  afterAll(() => running?.close());
  beforeEach(async () => {
    const h = current();
    await h.control('POST', '/reset');
    h.receiver.received.length = 0;
    await afterReset?.(h);
  });
  return {
    get sim() { return current().sim; },
    get receiver() { return current().receiver; },
    get media() { return current().media; },
    graph: (method, path, body, token) => current().graph(method, path, body, token),
    control: (method, path, body) => current().control(method, path, body),
    advance: (ms) => current().advance(ms),
    close: () => current().close(),
  };
}

/** A `connect` body. */
export function connectBody(to: string, sdp: string, extra: Record<string, unknown> = {}) {
  return { messaging_product: 'whatsapp', to, action: 'connect', session: { sdp_type: 'offer', sdp }, ...extra };
}

/** A `pre_accept` / `accept` body. */
export function answerBody(action: 'pre_accept' | 'accept', callId: string, sdp: string, extra: Record<string, unknown> = {}) {
  return { messaging_product: 'whatsapp', call_id: callId, action, session: { sdp_type: 'answer', sdp }, ...extra };
}

/** A `reject` / `terminate` body. */
export function endBody(action: 'reject' | 'terminate', callId: string) {
  return { messaging_product: 'whatsapp', call_id: callId, action };
}
