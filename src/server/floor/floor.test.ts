/**
 * The supervisor's floor and monitoring legs on the server: who may read the floor and who may
 * listen in (agents never), what the floor holds from the demo data (Helena one unanswered call
 * from revocation, Gabriel 9 of 10 calls used), the relay of signals between the two ends only,
 * and the audit log of every leg, ended with the call.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { floorSnapshotSchema } from '../../shared/floor-api.ts';
import { monitorSessions, users } from '../db/schema.ts';
import { buildTestServer, callsWebhook, chromiumOffer, metaGraphStandIn, openTestDb, postgresAvailable, type TestDb } from '../test-support.ts';

const pnid = '100000000000001';
const display = '551140001000';
const bruno = '5521998765432'; // permanent permission (demo data)
const envelope = callsWebhook;

const pgUp = await postgresAvailable();

describe.each(['pglite', 'postgres'] as const)("the supervisor's floor on %s", (kind) => {
  const skip = kind === 'postgres' && !pgUp;
  if (skip) console.warn('Skipping the PostgreSQL run of the floor tests: no PostgreSQL answers at TEST_DATABASE_URL.');
  let db: TestDb;
  let server: Awaited<ReturnType<typeof buildTestServer>>;
  let n = 0;
  const graph = metaGraphStandIn((c) => {
    const action = (c.body as { action?: string } | undefined)?.action;
    if (action === 'connect') return { status: 200, body: { messaging_product: 'whatsapp', calls: [{ id: `wacid.FLOOR-${++n}` }] } };
    return { status: 200, body: { messaging_product: 'whatsapp', success: true } };
  });
  const cookies: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const as = (who: string, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
    server.app.inject({ method, url, headers: { cookie: cookies[who]! }, ...(payload === undefined ? {} : { payload }) });
  const seconds = () => Math.floor(server.ctx.now().getTime() / 1000);
  const legs = (callId: string) => db.db.select().from(monitorSessions).where(eq(monitorSessions.callId, callId)).orderBy(monitorSessions.startedAt);
  const eventsTo = (who: string, type: string) => server.published.filter((p) => p.event.type === type && p.to.kind === 'users' && p.to.userIds.includes(ids[who]!));

  /** Ana dials Bruno and Bruno picks up: a call in progress held by Ana. */
  async function liveCall(): Promise<string> {
    const res = await as('ana.agent', 'POST', '/api/calls', { businessNumberId: pnid, waId: bruno, sdp: chromiumOffer });
    const id = res.json().callId as string;
    await server.postWebhook(envelope({ statuses: [{ id, timestamp: String(seconds()), type: 'call', status: 'ACCEPTED', recipient_id: bruno }] }));
    return id;
  }
  const hangUp = (id: string) => server.postWebhook(envelope({ calls: [{ id, from: display, to: bruno, event: 'terminate', timestamp: String(seconds()), direction: 'BUSINESS_INITIATED', status: 'COMPLETED', duration: 12 }] }));

  beforeAll(async () => {
    if (skip) return;
    db = await openTestDb(kind);
    server = await buildTestServer(db, graph.fetch);
    for (const u of ['ana.agent', 'ben.agent', 'sam.supervisor', 'tia.trainer']) {
      cookies[u] = await server.signIn(u);
      ids[u] = (await db.db.select({ id: users.id }).from(users).where(eq(users.username, u)))[0]!.id;
    }
    await server.online('ana.agent');
  });
  afterAll(async () => {
    if (skip) return;
    await server.app.close();
    await db.close();
  });

  it.skipIf(skip)('answers the floor to supervisors and trainers, 403 to agents, 401 to nobody', async () => {
    expect((await as('ana.agent', 'GET', '/api/floor')).statusCode).toBe(403);
    expect((await server.app.inject({ method: 'GET', url: '/api/floor' })).statusCode).toBe(401);
    expect((await as('tia.trainer', 'GET', '/api/floor')).statusCode).toBe(200);
    const res = await as('sam.supervisor', 'GET', '/api/floor');
    expect(res.statusCode).toBe(200);
    const floor = floorSnapshotSchema.parse(res.json());
    expect(floor.agents.map((a) => a.displayName)).toEqual(expect.arrayContaining(['Ana Agent', 'Ben Agent']));
    expect(floor.agents.find((a) => a.id === ids['ana.agent'])?.status.state).toBe('available');
    expect(floor.today.numbers.length).toBeGreaterThan(0);
    expect(floor.today.numbers[0]!.concurrency.outbound.max).toBe(1000);
  });

  it.skipIf(skip)('lists Helena one unanswered call from revocation and Gabriel at 9 of 10 calls from the demo data', async () => {
    const floor = floorSnapshotSchema.parse((await as('sam.supervisor', 'GET', '/api/floor')).json());
    const mine = floor.risks.filter((r) => r.businessNumberId === pnid);
    expect(mine.find((r) => r.contactName === 'Helena Dias')).toMatchObject({ kind: 'revoke_next' });
    expect(mine.find((r) => r.contactName === 'Gabriel Costa')).toMatchObject({ kind: 'call_limit', detail: expect.stringContaining('9 of 10') });
  });

  it.skipIf(skip)("shows a live call with its agent, counts it today, and drops it when it ends", async () => {
    const id = await liveCall();
    let floor = floorSnapshotSchema.parse((await as('sam.supervisor', 'GET', '/api/floor')).json());
    expect(floor.calls.find((c) => c.id === id)).toMatchObject({ status: 'active', agentName: 'Ana Agent', contactName: 'Bruno Lima' });
    expect(floor.agents.find((a) => a.id === ids['ana.agent'])).toMatchObject({ status: { state: 'on_call' }, callsToday: expect.any(Number) });
    expect(floor.today.numbers.find((x) => x.businessNumberId === pnid)!.concurrency.outbound.active).toBe(1);
    await hangUp(id);
    floor = floorSnapshotSchema.parse((await as('sam.supervisor', 'GET', '/api/floor')).json());
    expect(floor.calls.some((c) => c.id === id)).toBe(false);
    expect(floor.today.total.outbound.answered).toBeGreaterThanOrEqual(1);
    expect(floor.agents.find((a) => a.id === ids['ana.agent'])!.handleSecondsToday).toBeGreaterThanOrEqual(12);
  });

  it.skipIf(skip)('lets only supervisors start or stop monitoring, and only the two ends signal', async () => {
    const id = await liveCall();
    const start = { action: 'start', mode: 'listen' };
    expect((await as('ana.agent', 'POST', `/api/calls/${id}/monitor`, start)).statusCode).toBe(403);
    expect((await as('tia.trainer', 'POST', `/api/calls/${id}/monitor`, start)).statusCode).toBe(403);
    expect((await as('sam.supervisor', 'POST', '/api/calls/wacid.NOPE/monitor', start)).statusCode).toBe(404);
    expect((await as('sam.supervisor', 'POST', `/api/calls/${id}/monitor`, { action: 'start', mode: 'eavesdrop' })).statusCode).toBe(400);
    const res = await as('sam.supervisor', 'POST', `/api/calls/${id}/monitor`, start);
    expect(res.statusCode).toBe(200);
    const sessionId = res.json().sessionId as string;
    expect(eventsTo('ana.agent', 'monitor.started').at(-1)?.event).toMatchObject({ session: { id: sessionId, mode: 'listen', supervisorName: 'Sam Supervisor' } });

    const signal = { action: 'signal', sessionId, signal: { type: 'offer', sdp: 'v=0' } };
    expect((await as('ana.agent', 'POST', `/api/calls/${id}/monitor`, signal)).statusCode).toBe(200);
    expect(eventsTo('sam.supervisor', 'monitor.signal').at(-1)?.event).toMatchObject({ sessionId, from: 'agent', signal: { type: 'offer' } });
    expect((await as('sam.supervisor', 'POST', `/api/calls/${id}/monitor`, { ...signal, signal: { type: 'answer', sdp: 'v=0' } })).statusCode).toBe(200);
    expect(eventsTo('ana.agent', 'monitor.signal').at(-1)?.event).toMatchObject({ from: 'supervisor', signal: { type: 'answer' } });
    expect((await as('ben.agent', 'POST', `/api/calls/${id}/monitor`, signal)).statusCode).toBe(403);
    expect((await as('ana.agent', 'POST', `/api/calls/${id}/monitor`, { action: 'stop', sessionId })).statusCode).toBe(403);

    expect((await as('sam.supervisor', 'POST', `/api/calls/${id}/monitor`, { action: 'stop', sessionId })).statusCode).toBe(200);
    expect((await as('sam.supervisor', 'POST', `/api/calls/${id}/monitor`, signal)).statusCode).toBe(404);
    await hangUp(id);
    expect((await as('sam.supervisor', 'POST', `/api/calls/${id}/monitor`, start)).statusCode).toBe(409);
  });

  it.skipIf(skip)('writes every leg to the audit log: who, which call, when, which mode; a new mode replaces the leg; the call end ends them', async () => {
    const id = await liveCall();
    const listen = (await as('sam.supervisor', 'POST', `/api/calls/${id}/monitor`, { action: 'start', mode: 'listen' })).json().sessionId as string;
    const barge = (await as('sam.supervisor', 'POST', `/api/calls/${id}/monitor`, { action: 'start', mode: 'barge' })).json().sessionId as string;
    let rows = await legs(id);
    expect(rows.map((r) => [r.id, r.mode, r.supervisorId, r.agentId, r.endReason])).toEqual([
      [listen, 'listen', ids['sam.supervisor'], ids['ana.agent'], 'replaced'],
      [barge, 'barge', ids['sam.supervisor'], ids['ana.agent'], null],
    ]);
    expect(rows[0]!.startedAt).toBeInstanceOf(Date);
    expect(rows[0]!.endedAt).toBeInstanceOf(Date);
    await hangUp(id);
    rows = await legs(id);
    expect(rows[1]).toMatchObject({ endReason: 'call_ended', endedAt: expect.any(Date) });
    expect(eventsTo('ana.agent', 'monitor.ended').map((p) => (p.event as { sessionId: string }).sessionId)).toEqual(expect.arrayContaining([listen, barge]));
    expect(eventsTo('sam.supervisor', 'monitor.ended').map((p) => (p.event as { sessionId: string }).sessionId)).toContain(barge);
  });

  it.skipIf(skip)('describes both routes in the OpenAPI document', async () => {
    const doc = (await server.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    expect(doc.paths['/api/floor']?.get).toBeDefined();
    expect(doc.paths['/api/calls/{id}/monitor']?.post).toBeDefined();
  });
});
