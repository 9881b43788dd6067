/**
 * Each element of a delivery on its own: a bad element is kept and never drops its neighbours,
 * customers named only by a business-scoped id ring and can be called back, and events for a phone
 * number this deployment does not serve are kept and never rung.
 */
import { eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calls, contacts, webhookEvents } from '../db/schema.ts';
import { buildTestServer, chromiumOffer, metaGraphStandIn, openTestDb, postgresAvailable, type TestDb } from '../test-support.ts';

const pnid = '100000000000001';
const display = '551140001000';
const T = Math.floor(new Date('2026-11-22T09:59:00Z').getTime() / 1000);
const change = (field: string, value: Record<string, unknown>, phoneNumberId = pnid) => ({
  object: 'whatsapp_business_account',
  entry: [{ id: 'WABA1', changes: [{ field, value: { messaging_product: 'whatsapp', metadata: { display_phone_number: display, phone_number_id: phoneNumberId }, ...value } }] }],
});
const offer = { sdp_type: 'offer', sdp: chromiumOffer };
const connect = (id: string, from: Record<string, string>) => ({ id, ...from, to: display, event: 'connect', timestamp: String(T), direction: 'USER_INITIATED', session: offer });

const pgUp = await postgresAvailable();

describe.each(['pglite', 'postgres'] as const)('webhook elements one by one on %s', (kind) => {
  const skip = kind === 'postgres' && !pgUp;
  if (skip) console.warn('Skipping the PostgreSQL run of the webhook element tests: no PostgreSQL answers at TEST_DATABASE_URL.');
  let db: TestDb;
  let server: Awaited<ReturnType<typeof buildTestServer>>;
  const graph = metaGraphStandIn((c) => (c.path.endsWith('/calls') && (c.body as { action: string }).action === 'connect'
    ? { status: 200, body: { messaging_product: 'whatsapp', calls: [{ id: 'wacid.CALLBACK' }] } }
    : { status: 200, body: { messaging_product: 'whatsapp', success: true } }));
  const rings = (callId: string) => server.published.filter((p) => p.event.type === 'call.incoming' && p.event.call.id === callId);

  beforeAll(async () => {
    if (skip) return;
    db = await openTestDb(kind);
    server = await buildTestServer(db, graph.fetch);
    await server.online('ana.agent');
  });
  afterAll(async () => {
    if (skip) return;
    await server.app.close();
    await db.close();
  });

  it.skipIf(skip)('keeps a bad element and a bad contacts[] entry without dropping the good call beside them', async () => {
    const res = await server.postWebhook(change('calls', {
      contacts: [{ profile: { name: 'Nobody' } }, { profile: { name: 'Elena Rossi' }, wa_id: '393471234567' }],
      calls: [{ id: 'wacid.BAD', event: 'connect' }, connect('wacid.GOOD', { from: '393471234567' }), { ...connect('wacid.BAD2', { from: '393471234567' }), timestamp: 'yesterday' }],
    }));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true, kept: 3 });
    expect(rings('wacid.GOOD')).toHaveLength(1);
    expect(rings('wacid.GOOD')[0]!.event).toMatchObject({ call: { contactName: 'Elena Rossi' } });
    const kept = await db.db.select().from(webhookEvents).where(like(webhookEvents.kind, 'invalid.%'));
    expect(kept.map((k) => k.note)).toEqual(expect.arrayContaining([expect.stringMatching(/contacts\[\] entry/), expect.stringMatching(/Unreadable calls\[\]/)]));
    // Elena gives up: Ana is free for the next caller (one offer at a time).
    await server.postWebhook(change('calls', { calls: [{ id: 'wacid.GOOD', from: '393471234567', to: display, event: 'terminate', timestamp: String(T + 20), direction: 'USER_INITIATED', status: 'COMPLETED' }] }));
  });

  it.skipIf(skip)('rings for a customer WhatsApp names only by username and business-scoped id, and calls them back by recipient', async () => {
    const bsuid = 'BR.13491208655302741918';
    await server.postWebhook(change('calls', {
      contacts: [{ user_id: bsuid, profile: { name: 'Jonas', username: 'jonas.w' } }],
      calls: [connect('wacid.USERNAME', { from_user_id: bsuid })],
    }));
    expect(rings('wacid.USERNAME')).toHaveLength(1);
    expect(rings('wacid.USERNAME')[0]!.event).toMatchObject({ call: { waId: bsuid, contactName: 'Jonas' } });
    const [contact] = await db.db.select().from(contacts).where(eq(contacts.waId, bsuid));
    expect(contact).toMatchObject({ name: 'Jonas', userId: bsuid, username: 'jonas.w' });
    // The same customer, later with the phone number too: still one contact.
    await server.postWebhook(change('calls', {
      contacts: [{ wa_id: '5511987000001', user_id: bsuid, profile: { name: 'Jonas' } }],
      calls: [{ id: 'wacid.USERNAME', from: '5511987000001', from_user_id: bsuid, to: display, event: 'terminate', timestamp: String(T + 30), direction: 'USER_INITIATED', status: 'COMPLETED' }],
    }));
    const [ended] = await db.db.select().from(calls).where(eq(calls.id, 'wacid.USERNAME'));
    expect(ended).toMatchObject({ status: 'ended', waId: bsuid });
    // Jonas allows calls (the reply names him only by business-scoped id); the agent calls back by `recipient`.
    await server.postWebhook(change('messages', {
      contacts: [{ user_id: bsuid, profile: { name: 'Jonas' } }],
      messages: [{ from_user_id: bsuid, id: 'wamid.JONAS-YES', timestamp: String(T + 40), type: 'interactive', interactive: { type: 'call_permission_reply', call_permission_reply: { response: 'accept', is_permanent: true, response_source: 'user_action' } } }],
    }));
    const cookie = await server.signIn('ana.agent');
    const dial = await server.app.inject({ method: 'POST', url: '/api/calls', headers: { cookie }, payload: { businessNumberId: pnid, waId: bsuid, sdp: chromiumOffer } });
    expect(dial.json()).toEqual({ callId: 'wacid.CALLBACK' });
    const connectBody = graph.calls.find((c) => (c.body as { action?: string } | undefined)?.action === 'connect')?.body;
    expect(connectBody).toMatchObject({ action: 'connect', recipient: bsuid });
    expect(connectBody).not.toHaveProperty('to');
  });

  it.skipIf(skip)('keeps and logs events for a phone number this deployment does not serve, and rings nobody', async () => {
    const res = await server.postWebhook(change('calls', { calls: [connect('wacid.FOREIGN', { from: '393471234567' })] }, '999999999999999'));
    expect(res.statusCode).toBe(200);
    expect(rings('wacid.FOREIGN')).toHaveLength(0);
    expect(await db.db.select().from(calls).where(eq(calls.id, 'wacid.FOREIGN'))).toHaveLength(0);
    const [kept] = await db.db.select().from(webhookEvents).where(like(webhookEvents.kind, 'foreign.%'));
    expect(kept?.note).toMatch(/999999999999999.*does not serve/);
  });

  it.skipIf(skip)('never stores a garbage sender as a contact', async () => {
    await server.postWebhook(change('calls', { calls: [connect('wacid.GARBAGE', { from: '<script>alert(1)</script>' })] }));
    expect(await db.db.select().from(contacts).where(like(contacts.name, '%script%'))).toHaveLength(0);
    expect(await db.db.select().from(calls).where(eq(calls.id, 'wacid.GARBAGE'))).toHaveLength(0);
  });
});
