import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calls, webhookDeliveries, webhookEvents } from '../db/schema.ts';
import type { OpenDb } from '../db/open-db.ts';
import { appSecret, buildTestServer, chromiumOffer, metaGraphStandIn, openTestDb, postgresAvailable, verifyToken } from '../test-support.ts';
import { signBody } from './signature.ts';

const pnid = '100000000000001';
const user = '5511912345678';
const envelope = (field: 'calls' | 'messages', value: Record<string, unknown>) => ({
  object: 'whatsapp_business_account',
  entry: [{ id: 'WABA1', changes: [{ field, value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '551140001000', phone_number_id: pnid }, ...value } }] }],
});
const uicConnect = (id: string) => envelope('calls', {
  contacts: [{ profile: { name: 'Ana Souza' }, wa_id: user }],
  calls: [{ id, from: user, to: '551140001000', event: 'connect', timestamp: '1795860000', direction: 'USER_INITIATED', session: { sdp_type: 'offer', sdp: chromiumOffer } }],
});
const terminate = (id: string, direction: 'USER_INITIATED' | 'BUSINESS_INITIATED', extra: Record<string, unknown> = {}) => envelope('calls', {
  calls: [{ id, from: direction === 'USER_INITIATED' ? user : '551140001000', to: direction === 'USER_INITIATED' ? '551140001000' : user, event: 'terminate', timestamp: '1795860030', direction, status: 'COMPLETED', ...extra }],
});
const bruno = '5521998765432';
const bicConnect = (id: string) => envelope('calls', {
  calls: [{ id, from: '551140001000', to: bruno, event: 'connect', timestamp: '1795860001', direction: 'BUSINESS_INITIATED', session: { sdp_type: 'answer', sdp: chromiumOffer } }],
});

const kinds = ['pglite', 'postgres'] as const;
const pgUp = await postgresAvailable();

describe.each(kinds)('webhooks on %s', (kind) => {
  const skip = kind === 'postgres' && !pgUp;
  if (skip) console.warn(`Skipping the PostgreSQL run of the webhook tests: no PostgreSQL answers at TEST_DATABASE_URL (default 127.0.0.1:5432/test).`);
  let db: OpenDb;
  let server: Awaited<ReturnType<typeof buildTestServer>>;
  const graph = metaGraphStandIn((c) => (c.path.endsWith('/calls') && (c.body as { action: string }).action === 'connect'
    ? { status: 200, body: { messaging_product: 'whatsapp', calls: [{ id: 'wacid.BIC-EARLY' }] } }
    : { status: 200, body: { messaging_product: 'whatsapp', success: true } }));

  beforeAll(async () => {
    if (skip) return;
    db = await openTestDb(kind);
    server = await buildTestServer(db, graph.fetch);
    await server.online('ana.agent', 'ben.agent');
  });
  afterAll(async () => {
    if (skip) return;
    await server.app.close();
    await db.close();
  });

  it.skipIf(skip)('answers the verification handshake only with the right token', async () => {
    const ok = await server.app.inject({ url: `/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=1158201444` });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('1158201444');
    const wrong = await server.app.inject({ url: '/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1' });
    expect(wrong.statusCode).toBe(403);
  });

  it.skipIf(skip)('accepts a correct signature and refuses a missing or forged one without storing it', async () => {
    const before = (await db.db.select().from(webhookDeliveries)).length;
    const body = JSON.stringify(uicConnect('wacid.SIG'));
    expect((await server.postWebhook(null, { raw: body, signature: '' })).statusCode).toBe(401);
    expect((await server.postWebhook(null, { raw: body, signature: signBody('another-secret', body) })).statusCode).toBe(401);
    expect((await server.postWebhook(null, { raw: body + ' ', signature: signBody(appSecret, body) })).statusCode).toBe(401);
    expect((await db.db.select().from(webhookDeliveries)).length).toBe(before);
    expect((await server.postWebhook(null, { raw: body })).statusCode).toBe(200);
    await server.postWebhook(terminate('wacid.SIG', 'USER_INITIATED')); // the caller gives up: the agents are free again
  });

  it.skipIf(skip)('answers 400 to malformed JSON and keeps the raw body', async () => {
    const res = await server.postWebhook(null, { raw: '{"object": "whatsapp_business_account", ' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/not valid JSON/);
    const sha = createHash('sha256').update('{"object": "whatsapp_business_account", ').digest('hex');
    const stored = await db.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.bodySha256, sha));
    expect(stored).toHaveLength(1);
    expect(Buffer.from(stored[0]!.raw).toString()).toBe('{"object": "whatsapp_business_account", ');
    expect(stored[0]!.verdict).toMatch(/^malformed/);
  });

  it.skipIf(skip)('rings available agents once, however often Meta delivers the connect', async () => {
    const id = 'wacid.DUP';
    const ringsBefore = server.published.filter((p) => p.event.type === 'call.incoming').length;
    expect((await server.postWebhook(uicConnect(id))).statusCode).toBe(200);
    expect((await server.postWebhook(uicConnect(id))).json()).toMatchObject({ ok: true, duplicate: true }); // same bytes: a retry
    const reformatted = JSON.stringify(uicConnect(id), null, 2); // same event, other bytes
    expect((await server.postWebhook(null, { raw: reformatted })).statusCode).toBe(200);
    const rings = server.published.filter((p) => p.event.type === 'call.incoming').slice(ringsBefore);
    expect(rings).toHaveLength(1);
    expect(rings[0]!.to).toEqual({ kind: 'users', userIds: expect.arrayContaining([expect.any(String), expect.any(String)]) });
    expect(await db.db.select().from(webhookEvents).where(eq(webhookEvents.subject, `call:${id}`))).toHaveLength(1);
  });

  it.skipIf(skip)('leaves no stuck call when terminate arrives before connect', async () => {
    const id = 'wacid.EARLY-END';
    const ringsBefore = server.published.filter((p) => p.event.type === 'call.incoming').length;
    await server.postWebhook(terminate(id, 'USER_INITIATED'));
    await server.postWebhook(uicConnect(id));
    const [row] = await db.db.select().from(calls).where(eq(calls.id, id));
    expect(row?.status).toBe('ended');
    expect(row?.outcome).toBe('missed');
    expect(server.published.filter((p) => p.event.type === 'call.incoming').length).toBe(ringsBefore);
  });

  it.skipIf(skip)("applies Meta's answer that arrived before our connect request returned", async () => {
    await server.postWebhook(bicConnect('wacid.BIC-EARLY'));
    const cookie = await server.signIn('ana.agent');
    const res = await server.app.inject({ method: 'POST', url: '/api/calls', headers: { cookie }, payload: { businessNumberId: pnid, waId: bruno, sdp: chromiumOffer } });
    expect(res.json()).toEqual({ callId: 'wacid.BIC-EARLY' });
    const answer = server.published.find((p) => p.event.type === 'call.answer');
    expect(answer?.event).toMatchObject({ type: 'call.answer', callId: 'wacid.BIC-EARLY' });
    const [row] = await db.db.select().from(calls).where(eq(calls.id, 'wacid.BIC-EARLY'));
    expect(row?.status).toBe('connecting');
  });

  it.skipIf(skip)('never moves a call backwards when statuses arrive out of order', async () => {
    const id = 'wacid.BIC-EARLY';
    const status = (s: string, ts: string) => envelope('calls', { statuses: [{ id, timestamp: ts, type: 'call', status: s, recipient_id: bruno }] });
    await server.postWebhook(status('ACCEPTED', '1795860010'));
    await server.postWebhook(status('RINGING', '1795860005'));
    const [row] = await db.db.select().from(calls).where(eq(calls.id, id));
    expect(row?.status).toBe('active');
    await server.postWebhook(terminate(id, 'BUSINESS_INITIATED', { duration: 42, start_time: '1795860010', end_time: '1795860052' }));
    const [ended] = await db.db.select().from(calls).where(eq(calls.id, id));
    expect(ended).toMatchObject({ status: 'ended', outcome: 'completed', durationSeconds: 42 });
  });

  it.skipIf(skip)('keeps unknown events without acting on them', async () => {
    const body = envelope('calls', { calls: [{ id: 'wacid.X', from: user, to: '551140001000', event: 'call_transcription_available', timestamp: '1795860000' }] });
    expect((await server.postWebhook(body)).statusCode).toBe(200);
    const [row] = await db.db.select().from(webhookEvents).where(eq(webhookEvents.subject, 'call:wacid.X'));
    expect(row).toMatchObject({ kind: 'call.call_transcription_available' });
    expect(await db.db.select().from(calls).where(eq(calls.id, 'wacid.X'))).toHaveLength(0);
    const other = { object: 'whatsapp_business_account', entry: [{ id: 'W', changes: [{ field: 'account_update', value: { event: 'X' } }] }] };
    expect((await server.postWebhook(other)).statusCode).toBe(200);
  });

  it.skipIf(skip)('refuses an oversized body with 413', async () => {
    const res = await server.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'x'.repeat(100_000), password: 'y' } });
    expect(res.statusCode).toBe(413);
  });
});
