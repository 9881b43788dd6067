import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calls } from '../db/schema.ts';
import type { OpenDb } from '../db/open-db.ts';
import { buildTestServer, chromiumOffer, metaGraphStandIn, openTestDb, postgresAvailable } from '../test-support.ts';

const pnid = '100000000000001';
const uicConnect = (id: string, from: string) => ({
  object: 'whatsapp_business_account',
  entry: [{ id: 'WABA1', changes: [{ field: 'calls', value: {
    messaging_product: 'whatsapp', metadata: { display_phone_number: '551140001000', phone_number_id: pnid },
    contacts: [{ profile: { name: 'Caller' }, wa_id: from }],
    calls: [{ id, from, to: '551140001000', event: 'connect', timestamp: '1795860000', direction: 'USER_INITIATED', session: { sdp_type: 'offer', sdp: chromiumOffer } }],
  } }] }],
});

const pgUp = await postgresAvailable();

describe.each(['pglite', 'postgres'] as const)('inbound calls between agents on %s', (kind) => {
  const skip = kind === 'postgres' && !pgUp;
  if (skip) console.warn('Skipping the PostgreSQL run of the call-service tests: no PostgreSQL answers at TEST_DATABASE_URL.');
  let db: OpenDb;
  let server: Awaited<ReturnType<typeof buildTestServer>>;
  const graph = metaGraphStandIn(() => ({ status: 200, body: { messaging_product: 'whatsapp', success: true } }));
  const actions = (id: string) => graph.calls.filter((c) => (c.body as { call_id?: string } | undefined)?.call_id === id).map((c) => (c.body as { action: string }).action);

  beforeAll(async () => {
    if (skip) return;
    db = await openTestDb(kind);
    server = await buildTestServer(db, graph.fetch);
  });
  afterAll(async () => {
    if (skip) return;
    await server.app.close();
    await db.close();
  });

  it.skipIf(skip)('gives the call to exactly one of two agents accepting at once', async () => {
    await server.online('ana.agent', 'ben.agent');
    const [ana, ben] = [await server.signIn('ana.agent'), await server.signIn('ben.agent')];
    await server.postWebhook(uicConnect('wacid.RACE', '5531987651234'));
    const accept = (cookie: string) => server.app.inject({ method: 'POST', url: '/api/calls/wacid.RACE/accept', headers: { cookie }, payload: { sdp: chromiumOffer } });
    const results = await Promise.all([accept(ana), accept(ben)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().error.message).toMatch(/(Ana|Ben) Agent already answered this call/);
    expect(actions('wacid.RACE')).toEqual(['accept']);
    const claimed = server.published.find((p) => p.event.type === 'call.claimed' && p.event.callId === 'wacid.RACE');
    expect(claimed?.to.kind === 'users' && claimed.to.userIds).toHaveLength(1);
    const [row] = await db.db.select().from(calls).where(eq(calls.id, 'wacid.RACE'));
    expect(row?.status).toBe('active');
  });

  it.skipIf(skip)('pre-accepts at Meta only when a single agent rings, and accepts with that same SDP', async () => {
    await server.app.inject({ method: 'POST', url: '/api/calls/wacid.RACE/hangup', headers: { cookie: await server.signIn('ana.agent') } });
    await db.db.update(calls).set({ status: 'ended' });
    await server.offline('ana.agent', 'ben.agent');
    await server.online('ben.agent');
    const ben = await server.signIn('ben.agent');
    await server.postWebhook(uicConnect('wacid.SOLO', '5541976543210'));
    const pre = await server.app.inject({ method: 'POST', url: '/api/calls/wacid.SOLO/pre-accept', headers: { cookie: ben }, payload: { sdp: chromiumOffer } });
    expect(pre.json()).toEqual({ forwarded: true });
    await server.app.inject({ method: 'POST', url: '/api/calls/wacid.SOLO/accept', headers: { cookie: ben }, payload: { sdp: chromiumOffer } });
    expect(actions('wacid.SOLO')).toEqual(['pre_accept', 'accept']);
    const sdps = graph.calls.filter((c) => (c.body as { call_id?: string }).call_id === 'wacid.SOLO').map((c) => (c.body as { session: { sdp: string } }).session.sdp);
    expect(sdps[0]).toBe(sdps[1]);
  });

  it.skipIf(skip)("maps Meta's refusal to a plain-language error carrying Meta's code", async () => {
    const refusing = metaGraphStandIn(() => ({ status: 401, body: { error: { message: '(#138006) No approved call permission from the recipient', type: 'OAuthException', code: 138006, fbtrace_id: 'A' } } }));
    const other = await buildTestServer(db, refusing.fetch);
    const res = await other.app.inject({ method: 'POST', url: '/api/calls', headers: { cookie: await other.signIn('ana.agent') }, payload: { businessNumberId: pnid, waId: '5511912345678', sdp: chromiumOffer } });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'meta_error', metaCode: 138006, message: expect.stringMatching(/not allowed calls.*Ask for permission/) });
    await other.app.close();
  });

  it.skipIf(skip)('refuses bad input with a clear error and places nothing', async () => {
    const cookie = await server.signIn('ana.agent');
    const before = graph.calls.length;
    const badNumber = await server.app.inject({ method: 'POST', url: '/api/calls', headers: { cookie }, payload: { businessNumberId: pnid, waId: '+55 11', sdp: chromiumOffer } });
    expect(badNumber.statusCode).toBe(400);
    expect(badNumber.json().error.code).toBe('invalid_number');
    const dataChannel = chromiumOffer + 'm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:1\r\n';
    const badSdp = await server.app.inject({ method: 'POST', url: '/api/calls', headers: { cookie }, payload: { businessNumberId: pnid, waId: '5531987651234', sdp: dataChannel } });
    expect(badSdp.json().error).toMatchObject({ code: 'invalid_sdp', message: expect.stringMatching(/exactly one m-line/) });
    expect(graph.calls.length).toBe(before);
  });

  it.skipIf(skip)('enforces roles on the server', async () => {
    const supervisor = await server.signIn('sam.supervisor');
    const res = await server.app.inject({ method: 'POST', url: '/api/calls', headers: { cookie: supervisor }, payload: { businessNumberId: pnid, waId: '5531987651234', sdp: chromiumOffer } });
    expect(res.statusCode).toBe(403);
    expect((await server.app.inject({ url: '/api/calls' })).statusCode).toBe(401);
    expect((await server.app.inject({ url: '/api/calls', headers: { cookie: supervisor } })).statusCode).toBe(200);
  });
});
