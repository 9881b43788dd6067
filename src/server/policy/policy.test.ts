import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contact } from '../../shared/agent-api.ts';
import type { OpenDb } from '../db/open-db.ts';
import { buildTestServer, chromiumOffer, metaGraphStandIn, openTestDb, postgresAvailable } from '../test-support.ts';

const pnid = '100000000000001';
const gabriel = '5561991234567'; // 9 connected calls today (demo-data)
const igor = '5581971234567'; // temporary permission, no history
const envelope = (field: 'calls' | 'messages', value: Record<string, unknown>) => ({
  object: 'whatsapp_business_account',
  entry: [{ id: 'WABA1', changes: [{ field, value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '551140001000', phone_number_id: pnid }, ...value } }] }],
});
const status = (id: string, waId: string, s: string, ts: number) => envelope('calls', { statuses: [{ id, timestamp: String(ts), type: 'call', status: s, recipient_id: waId }] });
const terminate = (id: string, waId: string, ts: number, extra: Record<string, unknown> = {}) =>
  envelope('calls', { calls: [{ id, from: '551140001000', to: waId, event: 'terminate', timestamp: String(ts), direction: 'BUSINESS_INITIATED', status: 'COMPLETED', ...extra }] });
const reply = (wamid: string, waId: string, ts: number, response: 'accept' | 'reject', source: 'user_action' | 'automatic' = 'user_action') => envelope('messages', {
  messages: [{ from: waId, id: wamid, timestamp: String(ts), type: 'interactive', interactive: { type: 'call_permission_reply', call_permission_reply: { response, is_permanent: false, response_source: source } } }],
});

const pgUp = await postgresAvailable();

describe.each(['pglite', 'postgres'] as const)('calling policy on the server (%s)', (kind) => {
  const skip = kind === 'postgres' && !pgUp;
  if (skip) console.warn('Skipping the PostgreSQL run of the policy tests: no PostgreSQL answers at TEST_DATABASE_URL.');
  let db: OpenDb;
  let server: Awaited<ReturnType<typeof buildTestServer>>;
  let cookie: string;
  let nextId = 0;
  const graph = metaGraphStandIn((c) => {
    const body = c.body as { action?: string; type?: string } | undefined;
    if (body?.action === 'connect') return { status: 200, body: { messaging_product: 'whatsapp', calls: [{ id: `wacid.P${++nextId}` }] } };
    if (body?.type) return { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: 'x', wa_id: 'x' }], messages: [{ id: `wamid.M${++nextId}` }] } };
    return { status: 200, body: { messaging_product: 'whatsapp', success: true } };
  });
  const contact = async (waId: string): Promise<Contact> => (await server.app.inject({ url: `/api/contacts/${waId}?businessNumberId=${pnid}`, headers: { cookie } })).json();
  const dial = (waId: string) => server.app.inject({ method: 'POST', url: '/api/calls', headers: { cookie }, payload: { businessNumberId: pnid, waId, sdp: chromiumOffer } });
  const seconds = () => Math.floor(server.ctx.now().getTime() / 1000);

  beforeAll(async () => {
    if (skip) return;
    db = await openTestDb(kind);
    server = await buildTestServer(db, graph.fetch);
    cookie = await server.signIn('ana.agent');
  });
  afterAll(async () => {
    if (skip) return;
    await server.app.close();
    await db.close();
  });

  it.skipIf(skip)('lets exactly one of many racing dials take the last call of the quota, then refuses with when it frees', async () => {
    expect((await contact(gabriel)).eligibility.call).toMatchObject({ used: 9, max: 10, allowed: true });
    const before = graph.calls.length;
    const results = await Promise.all(Array.from({ length: 5 }, () => dial(gabriel)));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 422).map((r) => r.json().error.metaCode)).toEqual([138003, 138003, 138003, 138003]);
    expect(graph.calls.length - before).toBe(1);
    const callId = results.find((r) => r.statusCode === 200)!.json().callId as string;
    await server.postWebhook(status(callId, gabriel, 'ACCEPTED', seconds()));
    await server.postWebhook(terminate(callId, gabriel, seconds() + 30, { duration: 30 }));
    expect((await contact(gabriel)).eligibility.call).toMatchObject({ used: 10, max: 10, allowed: false });
    const refused = await dial(gabriel);
    expect(refused.json().error).toMatchObject({ code: 'policy_refused', metaCode: 138012, message: expect.stringMatching(/10 of 10 .* next call is possible at \d\d:\d\d UTC/) });
  });

  it.skipIf(skip)('never changes a count when webhooks are replayed, duplicated or reordered', async () => {
    const res = await dial(igor);
    const callId = res.json().callId as string;
    const t = seconds();
    const deliveries = [status(callId, igor, 'RINGING', t), status(callId, igor, 'REJECTED', t + 2), terminate(callId, igor, t + 3)];
    for (const d of deliveries) await server.postWebhook(d);
    server.advance(5000); // the ledger counts what happened up to now: Meta's timestamps are past by the time we read
    const once = (await contact(igor)).eligibility;
    for (const d of [...deliveries].reverse()) await server.postWebhook(d); // retries of the same bytes
    for (const d of deliveries) await server.postWebhook(null, { raw: JSON.stringify(d, null, 1) }); // same events, other bytes
    const replayed = (await contact(igor)).eligibility;
    expect(once.streak.count).toBe(1);
    expect(replayed.streak).toEqual(once.streak);
    expect(replayed.call).toEqual(once.call);
  });

  it.skipIf(skip)('asks for permission free-form inside the service window and refuses a second request with when it is possible', async () => {
    const carla = '5531987651234';
    // Carla called the business a minute ago: the customer-service window is open.
    await server.postWebhook(envelope('calls', { calls: [{ id: 'wacid.CARLA-IN', from: carla, to: '551140001000', event: 'connect', timestamp: String(seconds()), direction: 'USER_INITIATED', session: { sdp_type: 'offer', sdp: chromiumOffer } }] }));
    await server.postWebhook(envelope('calls', { calls: [{ id: 'wacid.CARLA-IN', from: carla, to: '551140001000', event: 'terminate', timestamp: String(seconds() + 5), direction: 'USER_INITIATED', status: 'COMPLETED' }] }));
    const first = await server.app.inject({ method: 'POST', url: `/api/contacts/${carla}/permission-request`, headers: { cookie }, payload: { businessNumberId: pnid } });
    expect(first.json()).toEqual({ ok: true, via: 'free_form' });
    expect((await contact(carla)).permission.status).toBe('requested');
    const second = await server.app.inject({ method: 'POST', url: `/api/contacts/${carla}/permission-request`, headers: { cookie }, payload: { businessNumberId: pnid } });
    expect(second.json().error).toMatchObject({ code: 'policy_refused', metaCode: 138009, message: expect.stringMatching(/\d\d:\d\d UTC/) });
    // The customer declines; a day and a second later a request is possible again, as a template (window closed).
    await server.postWebhook(reply('wamid.CARLA-NO', carla, seconds() + 10, 'reject'));
    server.advance(11_000);
    expect((await contact(carla)).permission.status).toBe('declined');
    server.advance(24 * 3600 * 1000);
    cookie = await server.signIn('ana.agent'); // the 12 h session ran out meanwhile
    const later = await server.app.inject({ method: 'POST', url: `/api/contacts/${carla}/permission-request`, headers: { cookie }, payload: { businessNumberId: pnid } });
    expect(later.json()).toEqual({ ok: true, via: 'template' });
  });

  it.skipIf(skip)('shows WhatsApp\'s automatic revoke after the streak', async () => {
    const helena = '5571981234567'; // permanent, 3 unanswered in a row
    const before = await contact(helena);
    expect(before.eligibility.streak).toMatchObject({ count: 3, nextUnansweredRevokes: true, reconsiderSent: true });
    await server.postWebhook(reply('wamid.HELENA-REVOKE', helena, seconds(), 'reject', 'automatic'));
    const after = await contact(helena);
    expect(after.permission.status).toBe('revoked');
    expect(after.eligibility.call.allowed).toBe(false);
    expect(after.eligibility.call.refusals[0]).toMatchObject({ code: 138006, reason: 'permission_revoked' });
  });
});
