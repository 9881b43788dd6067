/**
 * Fuzzing the webhook endpoint: 10,000 mutated deliveries of every kind Meta sends, signed and
 * forged. Property: never a 5xx, never a forged delivery stored, and memory stays bounded.
 */
import { createHash } from 'node:crypto';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toMetaJson } from '../../shared/meta-api.ts';
import { webhookDeliveries } from '../db/schema.ts';
import { appSecret, buildTestServer, chromiumOffer, metaGraphStandIn, openTestDb, type TestDb } from '../test-support.ts';
import { signBody } from './signature.ts';

const display = '551140001000';
const T = 1_795_860_000;
const value = (field: string, v: Record<string, unknown>, pnid = '100000000000001') => ({
  object: 'whatsapp_business_account',
  entry: [{ id: 'WABA1', changes: [{ field, value: { messaging_product: 'whatsapp', metadata: { display_phone_number: display, phone_number_id: pnid }, ...v } }] }],
});
const seeds: unknown[] = [
  value('calls', { contacts: [{ profile: { name: 'Ana' }, wa_id: '5511912345678' }], calls: [{ id: 'wacid.F1', from: '5511912345678', to: display, event: 'connect', timestamp: String(T), direction: 'USER_INITIATED', session: { sdp_type: 'offer', sdp: chromiumOffer } }] }),
  value('calls', { calls: [{ id: 'wacid.F1', from: '5511912345678', to: display, event: 'terminate', timestamp: String(T + 9), direction: 'USER_INITIATED', status: 'FAILED', errors: [{ code: 138021, title: 't', message: 'm', error_data: { details: 'd' } }] }] }),
  value('calls', { statuses: [{ id: 'wacid.F2', timestamp: String(T), type: 'call', status: 'RINGING', recipient_id: '5521998765432' }] }),
  value('calls', { contacts: [{ user_id: 'BR.123', profile: { username: 'u' } }], calls: [{ id: 'wacid.F3', from_user_id: 'BR.123', to: display, event: 'connect', timestamp: String(T), direction: 'USER_INITIATED', session: { sdp_type: 'offer', sdp: 'v=0' } }] }),
  value('messages', { messages: [{ from: '5511912345678', id: 'wamid.F4', timestamp: String(T), type: 'interactive', interactive: { type: 'call_permission_reply', call_permission_reply: { response: 'accept', is_permanent: false, expiration_timestamp: String(T + 604800), response_source: 'user_action' } } }] }),
  { object: 'whatsapp_business_account', entry: [{ id: 'WABA1', changes: [{ field: 'account_update', value: { phone_number: display, event: 'ACCOUNT_RESTRICTION', restriction_info: [{ restriction_type: 'RESTRICTED_BUSINESS_INITIATED_CALLING', expiration: String(T + 86400) }] } }] }] },
  { object: 'whatsapp_business_account', entry: [{ id: 'WABA1', changes: [{ field: 'account_settings_update', value: { messaging_product: 'whatsapp', timestamp: String(T), type: 'phone_number_settings', phone_number_settings: { phone_number_id: '100000000000001', calling: { status: 'ENABLED' } } } }] }] },
];

function rng(seed: number) {
  let x = seed;
  return () => ((x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

const oddValues = (r: () => number): unknown[] => [
  null, true, 0, -1, 1e308, 9999999999999, '', 'x'.repeat(Math.floor(r() * 50_000)), '\u0000', '\ud800', '🙂', [], {}, [[[[]]]],
  'wacid.' + 'A'.repeat(2000), '0', '+55 11 91234-5678', 'US.', '<script>', { $gt: '' }, String(T), -T,
];

/** One random change somewhere in the tree: drop, retype, duplicate, nest, or replace a value. */
function mutate(node: unknown, r: () => number, depth = 0): unknown {
  // Mostly below the envelope, where Meta's elements are: that is where the applier gets exercised.
  const shallow = depth < 4 && r() < 0.9;
  if (node === null || typeof node !== 'object' || depth > 12 || (!shallow && r() < 0.15)) {
    const odd = oddValues(r);
    return odd[Math.floor(r() * odd.length)];
  }
  if (Array.isArray(node)) {
    const copy = [...node];
    const op = shallow ? 1 : r();
    if (op < 0.2 && copy.length > 0) copy.splice(Math.floor(r() * copy.length), 1);
    else if (op < 0.4 && copy.length > 0) copy.push(copy[Math.floor(r() * copy.length)]);
    else if (copy.length > 0) { const i = Math.floor(r() * copy.length); copy[i] = mutate(copy[i], r, depth + 1); }
    return copy;
  }
  const copy: Record<string, unknown> = { ...(node as Record<string, unknown>) };
  const keys = Object.keys(copy);
  const op = shallow ? 1 : r();
  if (op < 0.15 && keys.length > 0) delete copy[keys[Math.floor(r() * keys.length)]!];
  else if (op < 0.25) copy[`extra_${Math.floor(r() * 9)}`] = oddValues(r)[Math.floor(r() * 10)];
  else {
    const nested = keys.filter((k) => copy[k] !== null && typeof copy[k] === 'object');
    const pool = shallow && nested.length > 0 ? nested : keys;
    if (pool.length > 0) { const k = pool[Math.floor(r() * pool.length)]!; copy[k] = mutate(copy[k], r, depth + 1); }
  }
  return copy;
}

/** The body as bytes Meta might send: usually JSON, sometimes truncated or with a flipped byte. */
function serialise(body: unknown, r: () => number): string {
  const text = toMetaJson(body);
  const op = r();
  if (op < 0.05) return text.slice(0, Math.floor(r() * text.length));
  if (op < 0.08) { const i = Math.floor(r() * text.length); return text.slice(0, i) + String.fromCharCode(Math.floor(r() * 128)) + text.slice(i + 1); }
  if (op < 0.1) return `{"object":"whatsapp_business_account","entry":${'['.repeat(5000)}${']'.repeat(5000)}}`;
  return text;
}

describe('webhook fuzzing', () => {
  let db: TestDb;
  let server: Awaited<ReturnType<typeof buildTestServer>>;
  beforeAll(async () => {
    db = await openTestDb('pglite');
    server = await buildTestServer(db, metaGraphStandIn(() => ({ status: 200, body: { messaging_product: 'whatsapp', success: true } })).fetch);
    await server.online('ana.agent', 'ben.agent');
  });
  afterAll(async () => {
    await server.app.close();
    await db.close();
  });

  it('answers 10,000 mutated deliveries, signed and forged, without a 5xx, storing no forged one, in bounded memory', async () => {
    const r = rng(20261129);
    const statuses = new Map<number, number>();
    const fivexx: string[] = [];
    let forgedAccepted = 0;
    const signedStored = new Set<string>();
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    for (let i = 0; i < 10_000; i++) {
      let body = seeds[Math.floor(r() * seeds.length)];
      for (let m = 1 + Math.floor(r() * 3); m > 0; m--) body = mutate(body, r);
      const raw = serialise(body, r);
      const forged = r() < 0.4;
      const signature = !forged ? signBody(appSecret, raw) : r() < 0.5 ? signBody('not-the-secret', raw) : r() < 0.5 ? '' : signBody(appSecret, `${raw} `);
      const res = await server.postWebhook(null, { raw, signature, settle: false });
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      if (res.statusCode >= 500) fivexx.push(`${res.statusCode} ${res.body.slice(0, 200)} for ${raw.slice(0, 200)}`);
      if (forged && res.statusCode !== 401) forgedAccepted++;
      if (!forged && (res.statusCode === 200 || res.statusCode === 400)) signedStored.add(createHash('sha256').update(raw).digest('hex'));
      if (i % 500 === 0) {
        await server.runtime.applier.idle();
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      }
    }
    await server.runtime.applier.idle();
    const stored = Number((await db.db.select({ n: count() }).from(webhookDeliveries))[0]!.n);
    console.warn(`webhook fuzz: ${[...statuses].map(([s, n]) => `${n}×${s}`).join(', ')}; RSS ${Math.round(rssBefore / 1e6)} → peak ${Math.round(rssPeak / 1e6)} MB`);
    expect(fivexx.slice(0, 5)).toEqual([]);
    expect(forgedAccepted).toBe(0);
    expect(stored).toBe(signedStored.size); // every signed delivery is kept once (accepted or refused as malformed), no forged one
    expect(rssPeak - rssBefore).toBeLessThan(600e6);
  }, 600_000);
});
