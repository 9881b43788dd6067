/**
 * What agents are doing, as the server derives it and tells them and the floor: presence with a
 * reason, ringing, on a call, after-call work; the queue for customers nobody can take; call
 * quality samples; trainers rung only when they make themselves available.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Me } from '../../shared/agent-api.ts';
import { calls, users } from '../db/schema.ts';
import { openStream } from '../events/agent-streams.ts';
import { reconcileLiveCalls } from '../calls/liveness.ts';
import { buildTestServer, chromiumOffer, customerCallsWebhook, metaGraphStandIn, openTestDb, type TestDb } from '../test-support.ts';

const pnid = '100000000000001';
const display = '551140001000';
const connect = customerCallsWebhook;

describe('agent states, the queue and call quality', () => {
  let db: TestDb;
  let server: Awaited<ReturnType<typeof buildTestServer>>;
  const graph = metaGraphStandIn(() => ({ status: 200, body: { messaging_product: 'whatsapp', success: true } }));
  const cookies: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const as = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: Record<string, unknown>) =>
    server.app.inject({ method, url, headers: { cookie: cookies[who]! }, ...(payload === undefined ? {} : { payload }) });
  const me = async (who: string): Promise<Me> => (await as(who, 'GET', '/api/me')).json();
  const seconds = () => Math.floor(server.ctx.now().getTime() / 1000);
  const agentEvents = (who: string) => server.published.filter((p) => p.event.type === 'agent.updated' && p.event.agent.id === ids[who]).map((p) => (p.event as { agent: { status: { state: string } } }).agent.status.state);

  beforeAll(async () => {
    db = await openTestDb('pglite');
    server = await buildTestServer(db, graph.fetch);
    for (const u of ['ana.agent', 'ben.agent', 'tia.trainer', 'sam.supervisor']) {
      cookies[u] = await server.signIn(u);
      ids[u] = (await db.db.select({ id: users.id }).from(users).where(eq(users.username, u)))[0]!.id;
    }
  });
  afterAll(async () => {
    await server.app.close();
    await db.close();
  });

  it('is offline without a channel, available with one, away with a reason, and tells the floor', async () => {
    expect((await me('ana.agent')).status.state).toBe('offline');
    await server.online('ana.agent');
    expect((await me('ana.agent')).status).toMatchObject({ state: 'available', awayReason: null });
    const away = await as('ana.agent', 'PUT', '/api/me/presence', { presence: 'away', awayReason: 'lunch' });
    expect(away.json().status).toMatchObject({ state: 'away', awayReason: 'lunch' });
    const toFloor = server.published.filter((p) => p.event.type === 'agent.updated' && p.to.kind === 'roles');
    expect(toFloor.at(-1)?.event).toMatchObject({ agent: { id: ids['ana.agent'], status: { state: 'away', awayReason: 'lunch' } } });
    expect((await as('sam.supervisor', 'PUT', '/api/me/presence', { presence: 'available' })).statusCode).toBe(403);
  });

  it('keeps a caller waiting while nobody is available, rings whoever becomes available, and counts the queue', async () => {
    await server.online('ben.agent');
    await as('ben.agent', 'PUT', '/api/me/presence', { presence: 'away', awayReason: 'break' });
    await server.postWebhook(connect('wacid.Q1', '5511987000101', seconds()));
    expect(server.published.filter((p) => p.event.type === 'call.incoming' && p.event.call.id === 'wacid.Q1')).toHaveLength(0);
    expect(server.published.filter((p) => p.event.type === 'queue.updated').at(-1)?.event).toEqual({ type: 'queue.updated', waiting: 1 });
    await as('ben.agent', 'PUT', '/api/me/presence', { presence: 'available' });
    const rung = server.published.find((p) => p.event.type === 'call.incoming' && p.event.call.id === 'wacid.Q1');
    expect(rung?.to).toEqual({ kind: 'users', userIds: [ids['ben.agent']] });
    expect(server.published.filter((p) => p.event.type === 'queue.updated').at(-1)?.event).toEqual({ type: 'queue.updated', waiting: 0 });
    expect((await me('ben.agent')).status.state).toBe('ringing');
  });

  it('puts the agent in after-call work when her call ends, until she is ready or the time runs out; Extend adds time', async () => {
    const accept = await as('ben.agent', 'POST', '/api/calls/wacid.Q1/accept', { sdp: chromiumOffer });
    expect(accept.statusCode).toBe(200);
    expect((await me('ben.agent')).status.state).toBe('on_call');
    await as('ben.agent', 'POST', '/api/calls/wacid.Q1/hangup');
    await server.postWebhook({ object: 'whatsapp_business_account', entry: [{ id: 'W', changes: [{ field: 'calls', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: display, phone_number_id: pnid },
      calls: [{ id: 'wacid.Q1', from: '5511987000101', to: display, event: 'terminate', timestamp: String(seconds() + 30), direction: 'USER_INITIATED', status: 'COMPLETED', duration: 25 }] } }] }] });
    const wrap = (await me('ben.agent')).status;
    expect(wrap.state).toBe('wrap_up');
    expect(new Date(wrap.wrapUpUntil!).getTime() - server.ctx.wallNow().getTime()).toBe(30_000);
    const extended = (await as('ben.agent', 'POST', '/api/me/wrap-up', { seconds: 60 })).json() as Me;
    expect(new Date(extended.status.wrapUpUntil!).getTime() - server.ctx.wallNow().getTime()).toBe(90_000);
    expect(((await as('ben.agent', 'POST', '/api/me/ready')).json() as Me).status.state).toBe('available');
    expect(agentEvents('ben.agent')).toEqual(expect.arrayContaining(['ringing', 'on_call', 'wrap_up', 'available']));
  });

  it('rejects at Meta a call that waited longer than the queue allows, and records it as missed for want of an agent', async () => {
    await as('ben.agent', 'PUT', '/api/me/presence', { presence: 'away', awayReason: 'training' });
    await server.postWebhook(connect('wacid.Q2', '5511987000102', seconds()));
    server.advance(31_000);
    const liveness = await import('../calls/queue.ts');
    expect(await liveness.expireWaitingCalls(server.ctx, server.ctx.queueWaitMs)).toEqual(['wacid.Q2']);
    expect(graph.calls.some((c) => (c.body as { action?: string; call_id?: string }).action === 'reject' && (c.body as { call_id: string }).call_id === 'wacid.Q2')).toBe(true);
    const [row] = await db.db.select().from(calls).where(eq(calls.id, 'wacid.Q2'));
    expect(row).toMatchObject({ status: 'ended', outcome: 'missed', endMessage: expect.stringMatching(/nobody was available/) });
    await reconcileLiveCalls(server.ctx); // nothing left to end
  });

  it("keeps the agent's call quality samples (last, worst, average) and shows them on the floor; only her own call", async () => {
    await as('ben.agent', 'PUT', '/api/me/presence', { presence: 'available' });
    await server.postWebhook(connect('wacid.Q3', '5511987000103', seconds()));
    await as('ben.agent', 'POST', '/api/calls/wacid.Q3/accept', { sdp: chromiumOffer });
    expect((await as('ben.agent', 'POST', '/api/calls/wacid.Q3/quality', { rttMs: 80, jitterMs: 4, lossPct: 0, mos: 4.3 })).statusCode).toBe(200);
    expect((await as('ben.agent', 'POST', '/api/calls/wacid.Q3/quality', { rttMs: 300, jitterMs: 30, lossPct: 5, mos: 3.1 })).statusCode).toBe(200);
    expect((await as('ana.agent', 'POST', '/api/calls/wacid.Q3/quality', { rttMs: 1, jitterMs: 1, lossPct: 0, mos: 4.4 })).statusCode).toBe(403);
    const [row] = await db.db.select({ quality: calls.quality }).from(calls).where(eq(calls.id, 'wacid.Q3'));
    expect(row?.quality).toMatchObject({ samples: 2, worst: { rttMs: 300, lossPct: 5, mos: 3.1 }, average: { rttMs: 190, mos: 3.7 }, last: { rttMs: 300 } });
    expect(server.published.some((p) => p.event.type === 'call.quality' && p.to.kind === 'roles')).toBe(true);
  });

  it('rings a trainer only once she makes herself available', async () => {
    await openStream(db.db, ids['tia.trainer']!, server.runtime.instanceId, server.ctx.wallNow()); // her page is open; she is away by default
    expect((await me('tia.trainer')).status.state).toBe('away');
    await server.postWebhook(connect('wacid.Q4', '5511987000104', seconds()));
    expect(server.published.find((p) => p.event.type === 'call.incoming' && p.event.call.id === 'wacid.Q4')).toBeUndefined();
    await as('tia.trainer', 'PUT', '/api/me/presence', { presence: 'available' });
    expect(server.published.find((p) => p.event.type === 'call.incoming' && p.event.call.id === 'wacid.Q4')?.to).toEqual({ kind: 'users', userIds: [ids['tia.trainer']] });
  });
});
