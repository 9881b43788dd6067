/**
 * Signed, well-formed webhooks that used to get a 500 on every retry: NUL and lone surrogates in
 * strings, absurd nesting, impossible timestamps, megabyte ids. Each gets a 4xx, or a 200 with the
 * element kept; never a 5xx; the log carries bounded excerpts, never a whole body.
 */
import { Writable } from 'node:stream';
import { eq, like } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calls, webhookDeliveries, webhookEvents } from '../db/schema.ts';
import { buildTestServer, chromiumOffer, metaGraphStandIn, openTestDb, postgresAvailable, type TestDb } from '../test-support.ts';

const pnid = '100000000000001';
const display = '551140001000';
const T = Math.floor(new Date('2026-11-22T09:59:00Z').getTime() / 1000);
const change = (value: Record<string, unknown>) => ({
  object: 'whatsapp_business_account',
  entry: [{ id: 'WABA1', changes: [{ field: 'calls', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: display, phone_number_id: pnid }, ...value } }] }],
});
const connect = (id: string, extra: Record<string, unknown> = {}) => ({
  id, from: '393471234567', to: display, event: 'connect', timestamp: String(T), direction: 'USER_INITIATED', session: { sdp_type: 'offer', sdp: chromiumOffer }, ...extra,
});

const pgUp = await postgresAvailable();

describe.each(['pglite', 'postgres'] as const)('hostile but signed webhooks on %s', (kind) => {
  const skip = kind === 'postgres' && !pgUp;
  if (skip) console.warn('Skipping the PostgreSQL run of the hostile webhook tests: no PostgreSQL answers at TEST_DATABASE_URL.');
  let db: TestDb;
  let server: Awaited<ReturnType<typeof buildTestServer>>;
  const logLines: string[] = [];
  const graph = metaGraphStandIn(() => ({ status: 200, body: { messaging_product: 'whatsapp', success: true } }));

  beforeAll(async () => {
    if (skip) return;
    db = await openTestDb(kind);
    server = await buildTestServer(db, graph.fetch);
    server.ctx.log = pino({ level: 'info' }, new Writable({ write(chunk, _enc, done) { logLines.push(String(chunk)); done(); } }));
  });
  afterAll(async () => {
    if (skip) return;
    await server.app.close();
    await db.close();
  });

  it.skipIf(skip)('stores a NUL and a lone surrogate cleaned, keeps the raw bytes, and applies the rest of the delivery', async () => {
    // JSON.stringify writes NUL as \u0000 and a lone surrogate as \ud800: valid JSON that jsonb refuses.
    const raw = JSON.stringify(change({ contacts: [{ profile: { name: 'Ana\u0000 \ud800Souza' }, wa_id: '393471234567' }], calls: [connect('wacid.NUL\u0000')] }));
    const res = await server.postWebhook(null, { raw });
    expect(res.statusCode).toBe(200);
    const [call] = await db.db.select().from(calls).where(eq(calls.id, 'wacid.NUL\ufffd'));
    expect(call?.status).toBe('ringing');
    const [delivery] = await db.db.select().from(webhookDeliveries).where(like(webhookDeliveries.verdict, 'accepted')).orderBy(webhookDeliveries.id);
    expect(delivery).toBeDefined();
  });

  it.skipIf(skip)('refuses 10,000 levels of nesting with a 400 and keeps the body', async () => {
    const raw = `{"object":"whatsapp_business_account","entry":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const res = await server.postWebhook(null, { raw });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/nested deeper/);
  });

  it.skipIf(skip)('keeps elements with impossible timestamps or megabyte ids, with a 200 and nothing applied', async () => {
    const huge = `wacid.${'A'.repeat(1_100_000)}`;
    const res = await server.postWebhook(change({ calls: [connect('wacid.FUTURE', { timestamp: '9999999999999' }), connect(huge)] }));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ kept: 2 });
    expect(await db.db.select().from(calls).where(eq(calls.id, 'wacid.FUTURE'))).toHaveLength(0);
    const kept = await db.db.select({ note: webhookEvents.note }).from(webhookEvents).where(like(webhookEvents.kind, 'invalid.calls'));
    expect(kept.filter((k) => /impossible id or timestamp/.test(k.note ?? ''))).toHaveLength(2);
  });

  it.skipIf(skip)('logs bounded excerpts only', () => {
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) expect(line.length).toBeLessThan(4000);
  });
});
