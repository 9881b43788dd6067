/**
 * No call stays live without a holder: the agent's page gone for a minute, a ring nobody answers,
 * a hang-up WhatsApp never confirms, and the calls a crash left behind.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentStreams, calls } from '../db/schema.ts';
import { buildTestServer, callsWebhook, chromiumOffer, metaGraphStandIn, openTestDb, postgresAvailable, type GraphAnswer, type TestDb } from '../test-support.ts';
import { reconcileLiveCalls } from './liveness.ts';

const pnid = '100000000000001';
const display = '551140001000';
const bruno = '5521998765432'; // permanent permission (demo data)
const envelope = callsWebhook;

const pgUp = await postgresAvailable();

describe.each(['pglite', 'postgres'] as const)('calls without a holder on %s', (kind) => {
  const skip = kind === 'postgres' && !pgUp;
  if (skip) console.warn('Skipping the PostgreSQL run of the liveness tests: no PostgreSQL answers at TEST_DATABASE_URL.');
  let db: TestDb;
  let server: Awaited<ReturnType<typeof buildTestServer>>;
  let cookie: string;
  let n = 0;
  let terminateAnswer: GraphAnswer = { status: 200, body: { messaging_product: 'whatsapp', success: true } };
  const graph = metaGraphStandIn((c) => {
    const action = (c.body as { action?: string } | undefined)?.action;
    if (action === 'connect') return { status: 200, body: { messaging_product: 'whatsapp', calls: [{ id: `wacid.LIVE-${++n}` }] } };
    if (action === 'terminate') return terminateAnswer;
    return { status: 200, body: { messaging_product: 'whatsapp', success: true } };
  });
  const terminatesOf = (id: string) => graph.calls.filter((c) => (c.body as { action?: string; call_id?: string } | undefined)?.action === 'terminate' && (c.body as { call_id: string }).call_id === id);
  const seconds = () => Math.floor(server.ctx.now().getTime() / 1000);
  const row = async (id: string) => (await db.db.select().from(calls).where(eq(calls.id, id)))[0]!;

  /** Ana dials Bruno, Meta answers and Bruno picks up: a live call held by Ana. */
  async function liveCall(): Promise<string> {
    const res = await server.app.inject({ method: 'POST', url: '/api/calls', headers: { cookie }, payload: { businessNumberId: pnid, waId: bruno, sdp: chromiumOffer } });
    const id = res.json().callId as string;
    await server.postWebhook(envelope({ statuses: [{ id, timestamp: String(seconds()), type: 'call', status: 'ACCEPTED', recipient_id: bruno }] }));
    expect((await row(id)).status).toBe('active');
    return id;
  }

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

  it.skipIf(skip)("terminates at Meta and ends a live call whose agent's page is gone, within 90 s", async () => {
    await server.online('ana.agent');
    const id = await liveCall();
    await server.offline('ana.agent');
    server.advanceWall(30_000);
    expect(await reconcileLiveCalls(server.ctx)).toEqual([]);
    server.advanceWall(35_000); // 65 s without a page
    expect(await reconcileLiveCalls(server.ctx)).toEqual([id]);
    expect(terminatesOf(id)).toHaveLength(1);
    expect(await row(id)).toMatchObject({ status: 'ended', outcome: 'completed', localReason: 'no_holder' });
    expect((await row(id)).endMessage).toMatch(/agent's page was gone/);
  });

  it.skipIf(skip)('does not count a page reload within the grace as losing the call', async () => {
    await server.online('ana.agent');
    const id = await liveCall();
    await server.offline('ana.agent');
    server.advanceWall(20_000);
    await server.online('ana.agent'); // the reloaded page's new channel
    server.advanceWall(50_000);
    await db.db.update(agentStreams).set({ seenAt: server.ctx.wallNow() }); // its heartbeat
    expect(await reconcileLiveCalls(server.ctx)).toEqual([]);
    expect((await row(id)).status).toBe('active');
    await server.app.inject({ method: 'POST', url: `/api/calls/${id}/hangup`, headers: { cookie } });
    await server.postWebhook(envelope({ calls: [{ id, from: display, to: bruno, event: 'terminate', timestamp: String(seconds()), direction: 'BUSINESS_INITIATED', status: 'COMPLETED', duration: 70 }] }));
    expect((await row(id)).status).toBe('ended');
  });

  it.skipIf(skip)('ends a hang-up WhatsApp never confirmed after the grace, and not on a timeout', async () => {
    await server.online('ana.agent');
    const id = await liveCall();
    terminateAnswer = { status: 500, body: { error: { message: '(#138004) Connection error', type: 'OAuthException', code: 138004, fbtrace_id: 'X' } } };
    const res = await server.app.inject({ method: 'POST', url: `/api/calls/${id}/hangup`, headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect((await row(id)).status).not.toBe('ended'); // ending: Meta's terminate may still come with the real duration
    server.advance(31_000);
    server.advanceWall(31_000);
    await db.db.update(agentStreams).set({ seenAt: server.ctx.wallNow() });
    expect(await reconcileLiveCalls(server.ctx)).toEqual([id]);
    expect(await row(id)).toMatchObject({ status: 'ended', outcome: 'completed', localReason: 'hangup_unconfirmed' });
    terminateAnswer = { status: 200, body: { messaging_product: 'whatsapp', success: true } };
  });

  it.skipIf(skip)('ends an inbound call nobody answered once Meta\'s ring time is over', async () => {
    await server.postWebhook(envelope({
      contacts: [{ profile: { name: 'Elena' }, wa_id: '393471234567' }],
      calls: [{ id: 'wacid.RING-LOST', from: '393471234567', to: display, event: 'connect', timestamp: String(seconds()), direction: 'USER_INITIATED', session: { sdp_type: 'offer', sdp: chromiumOffer } }],
    }));
    expect((await row('wacid.RING-LOST')).status).toBe('ringing');
    server.advance(61_000);
    expect(await reconcileLiveCalls(server.ctx)).toContain('wacid.RING-LOST');
    expect(await row('wacid.RING-LOST')).toMatchObject({ status: 'ended', outcome: 'missed', localReason: 'ring_timeout' });
  });

  it.skipIf(skip)('reconciles at startup the calls a crash left live', async () => {
    await server.online('ana.agent');
    const id = await liveCall();
    // The instance dies: its channel rows stop heartbeating. A new instance starts a while later.
    server.advanceWall(120_000);
    const next = await buildTestServer(db, graph.fetch, { seed: false });
    next.advanceWall(server.ctx.wallNow().getTime() - next.ctx.wallNow().getTime());
    next.advance(server.ctx.now().getTime() - next.ctx.now().getTime());
    next.runtime.start();
    await expect.poll(async () => (await row(id)).status, { timeout: 10_000 }).toBe('ended');
    expect((await row(id)).localReason).toBe('no_holder');
    await next.app.close();
  });
});
