/**
 * How inbound calls are routed: RING_AT_ONCE available agents per call, longest available first, so
 * calls arriving together ring different agents; an agent's "Not me" passes the call to agents who
 * have not declined it; an answered call frees the agents it also rang for the next customer.
 */
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calls, users } from '../db/schema.ts';
import { buildTestServer, chromiumOffer, customerCallsWebhook, metaGraphStandIn, openTestDb, postgresAvailable, type TestDb } from '../test-support.ts';

const pnid = '100000000000001';
const display = '551140001000';
const connect = customerCallsWebhook;
/** In the order they became available: the first has waited longest. */
const team = ['ana.agent', 'ben.agent', 'cai.agent', 'dee.agent', 'eva.agent'];

describe('inbound routing, two agents at a time', () => {
  let db: TestDb;
  let server: Awaited<ReturnType<typeof buildTestServer>>;
  const graph = metaGraphStandIn(() => ({ status: 200, body: { messaging_product: 'whatsapp', success: true } }));
  const cookies: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const as = (who: string, url: string, payload: Record<string, unknown> = {}) => server.app.inject({ method: 'POST', url, headers: { cookie: cookies[who]! }, payload });
  const rungFor = (callId: string) => server.published.filter((p) => p.event.type === 'call.incoming' && p.event.call.id === callId)
    .map((p) => (p.to.kind === 'users' ? p.to.userIds.map((id) => Object.keys(ids).find((u) => ids[u] === id)) : []));
  const seconds = () => Math.floor(server.ctx.now().getTime() / 1000);
  const rejectedAtMeta = (callId: string) => graph.calls.some((c) => (c.body as { action?: string; call_id?: string } | undefined)?.action === 'reject' && (c.body as { call_id: string }).call_id === callId);

  beforeAll(async () => {
    db = await openTestDb('pglite');
    server = await buildTestServer(db, graph.fetch, { ringAtOnce: 2 });
    const [ana] = await db.db.select().from(users).where(eq(users.username, 'ana.agent'));
    await db.db.insert(users).values(team.slice(2).map((username) => ({ username, displayName: username, role: 'agent' as const, passwordHash: ana!.passwordHash })));
    for (const u of team) {
      cookies[u] = await server.signIn(u);
      ids[u] = (await db.db.select({ id: users.id }).from(users).where(eq(users.username, u)))[0]!.id;
      await server.online(u);
      server.advanceWall(1000);
    }
    await db.db.update(users).set({ presence: 'away' }).where(inArray(users.username, ['tia.trainer']));
  });
  afterAll(async () => {
    await server.app.close();
    await db.close();
  });

  it('rings the two longest available agents, and the next call the next two', async () => {
    await server.postWebhook(connect('wacid.R1', '5511987000201', seconds()));
    await server.postWebhook(connect('wacid.R2', '5511987000202', seconds()));
    expect(rungFor('wacid.R1')).toEqual([['ana.agent', 'ben.agent']]);
    expect(rungFor('wacid.R2')).toEqual([['cai.agent', 'dee.agent']]);
  });

  it('passes a call declined by everyone it rang to agents who have not declined it, and rejects it at Meta once none is left', async () => {
    expect((await as('ana.agent', '/api/calls/wacid.R1/reject')).statusCode).toBe(200);
    expect(rungFor('wacid.R1')).toHaveLength(1); // ben still rings
    await as('ben.agent', '/api/calls/wacid.R1/reject');
    expect(rungFor('wacid.R1').at(-1)).toEqual(['eva.agent']); // cai and dee ring for R2; ana and ben said no
    expect(rejectedAtMeta('wacid.R1')).toBe(false);
    await as('eva.agent', '/api/calls/wacid.R1/reject');
    expect(rejectedAtMeta('wacid.R1')).toBe(true);
    const [r1] = await db.db.select().from(calls).where(eq(calls.id, 'wacid.R1'));
    expect(r1!.declinedAgentIds.map((id) => Object.keys(ids).find((u) => ids[u] === id))).toEqual(['ana.agent', 'ben.agent', 'eva.agent']);

    // Meta's terminate: the end reaches the agents who declined it (their history) and the floor, nobody else.
    await server.postWebhook({ ...connect('wacid.R1', '5511987000201', seconds()), entry: [{ id: 'W', changes: [{ field: 'calls', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: display, phone_number_id: pnid },
      calls: [{ id: 'wacid.R1', from: '5511987000201', to: display, event: 'terminate', timestamp: String(seconds()), direction: 'USER_INITIATED', status: 'REJECTED' }] } }] }] });
    const ended = server.published.filter((p) => p.event.type === 'call.ended' && p.event.call.id === 'wacid.R1').map((p) => p.to);
    expect(ended).toContainEqual({ kind: 'roles', roles: ['supervisor', 'trainer'] });
    const told = ended.flatMap((to) => (to.kind === 'users' ? to.userIds : [])).map((id) => Object.keys(ids).find((u) => ids[u] === id));
    expect(told.sort()).toEqual(['ana.agent', 'ben.agent', 'eva.agent']);
  });

  it('frees the other agents a call rang once one answers, and a waiting customer rings them at once', async () => {
    await server.postWebhook(connect('wacid.R3', '5511987000203', seconds())); // ana, ben and eva are free: rings two of them
    expect(rungFor('wacid.R3')).toEqual([['ana.agent', 'ben.agent']]);
    await server.postWebhook(connect('wacid.R4', '5511987000204', seconds()));
    expect(rungFor('wacid.R4')).toEqual([['eva.agent']]);
    await server.postWebhook(connect('wacid.R5', '5511987000205', seconds())); // nobody free: waits
    expect(rungFor('wacid.R5')).toEqual([]);
    expect((await as('cai.agent', '/api/calls/wacid.R2/accept', { sdp: chromiumOffer })).statusCode).toBe(200);
    expect(rungFor('wacid.R5')).toEqual([['dee.agent']]);
  });
});

describe.skipIf(!(await postgresAvailable()))('inbound routing on PostgreSQL, calls applied in parallel', () => {
  let db: TestDb;
  let server: Awaited<ReturnType<typeof buildTestServer>>;
  const graph = metaGraphStandIn(() => ({ status: 200, body: { messaging_product: 'whatsapp', success: true } }));
  const crew = Array.from({ length: 12 }, (_, i) => `crew${i}.agent`);

  beforeAll(async () => {
    db = await openTestDb('postgres');
    server = await buildTestServer(db, graph.fetch, { ringAtOnce: 1 });
    const [ana] = await db.db.select().from(users).where(eq(users.username, 'ana.agent'));
    await db.db.insert(users).values(crew.map((username) => ({ username, displayName: username, role: 'agent' as const, passwordHash: ana!.passwordHash })));
    await server.online(...crew);
  });
  afterAll(async () => {
    await server.app.close();
    await db.close();
  });

  it('never rings one agent for two calls, however many arrive together', async () => {
    const at = Math.floor(server.ctx.now().getTime() / 1000);
    await Promise.all(crew.map((_, i) => server.postWebhook(connect(`wacid.P${i}`, `55119870003${String(i).padStart(2, '0')}`, at))));
    const rung = server.published.filter((p) => p.event.type === 'call.incoming').flatMap((p) => (p.to.kind === 'users' ? p.to.userIds : []));
    expect(rung).toHaveLength(crew.length);
    expect(new Set(rung).size).toBe(crew.length);
  });
});
