import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scenario } from '../../shared/training-api.ts';
import { users } from '../db/schema.ts';
import type { OpenDb } from '../db/open-db.ts';
import { buildTestServer, metaGraphStandIn, openTestDb, postgresAvailable } from '../test-support.ts';
import { graphLine } from './graph-tap.ts';
import { loadScenarios } from './scenarios.ts';
import type { SimulatorControl } from './simulator-control.ts';

const pnid = '100000000000001';
const helena = '5571981234567';
const T = 1795860000;
const revokeWebhook = {
  object: 'whatsapp_business_account',
  entry: [{ id: 'WABA1', changes: [{ field: 'messages', value: {
    messaging_product: 'whatsapp', metadata: { display_phone_number: '551140001000', phone_number_id: pnid },
    contacts: [{ profile: { name: 'Helena Dias' }, wa_id: helena }],
    messages: [{ from: helena, id: 'wamid.REVOKE', timestamp: String(T), type: 'interactive', interactive: { type: 'call_permission_reply', call_permission_reply: { response: 'reject', is_permanent: false, response_source: 'automatic' } } }],
  } }] }],
};

/** Stands in for the simulator's control API at the server's boundary: records what the server asked. */
function fakeSimulator() {
  const requests: Array<{ method: string; path: string; body: unknown }> = [];
  let changed = 0;
  const control: SimulatorControl = {
    async request<T>(method: string, path: string, body?: unknown) {
      requests.push({ method, path, body });
      if (path === '/clock') return { now: Date.parse('2026-11-22T10:00:00Z'), offset_ms: 0 } as T;
      if (path === '/users' && method === 'GET') return [{ wa_id: helena, name: 'Helena Dias', on_call: 'decline', answer_after_ms: 1000, on_permission_request: 'accept', audio: 'tone', phone_attached: false, on_whatsapp: true, user_id: null, username: null, phone_hidden: false }] as T;
      if (path.startsWith('/users/') && method === 'PUT') return { wa_id: helena, name: 'Helena Dias', on_call: 'ignore', answer_after_ms: 1000, on_permission_request: 'accept', audio: 'tone', phone_attached: false, on_whatsapp: true, user_id: null, username: null, phone_hidden: false } as T;
      return {} as T;
    },
    async worldChanged() { changed++; },
  };
  return { control, requests, changes: () => changed };
}

const kinds = ['pglite', 'postgres'] as const;
const pgUp = await postgresAvailable();

describe.each(kinds)('the classroom API on %s', (kind) => {
  const skip = kind === 'postgres' && !pgUp;
  let db: OpenDb;
  let server: Awaited<ReturnType<typeof buildTestServer>>;
  const sim = fakeSimulator();
  const scenarios: Scenario[] = loadScenarios();
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    if (skip) return;
    db = await openTestDb(kind);
    server = await buildTestServer(db, metaGraphStandIn(() => ({ status: 200, body: { messaging_product: 'whatsapp', success: true } })).fetch, { simulatorControl: sim.control, scenarios });
    for (const u of ['ana.agent', 'sam.supervisor', 'tia.trainer']) cookies[u] = await server.signIn(u);
  });
  afterAll(async () => {
    if (skip) return;
    await server.app.close();
    await db.close();
  });

  const as = (user: string | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    server.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }), headers: user ? { cookie: cookies[user]! } : {} });

  const reads = ['/api/training/timeline', '/api/training/trainees', '/api/training/clock', '/api/training/scenarios', '/api/training/users'];
  const writes: Array<['POST' | 'PUT', string, unknown]> = [
    ['POST', '/api/training/clock', { advanceMs: 3_600_000 }],
    ['POST', '/api/training/scenarios/permission-expires-7d', undefined],
    ['PUT', `/api/training/users/${helena}`, { behaviour: { kind: 'never_answers' } }],
    ['POST', `/api/training/users/${helena}/calls`, { businessNumberId: pnid, ctaPayload: 'order-42' }],
    ['POST', `/api/training/users/${helena}/permissions`, { businessNumberId: pnid, action: 'revoke' }],
  ];

  it.skipIf(skip)('agents get 403 and strangers 401 on every classroom route', async () => {
    for (const url of reads) {
      expect((await as('ana.agent', 'GET', url)).statusCode, url).toBe(403);
      expect((await as(null, 'GET', url)).statusCode, url).toBe(401);
    }
    for (const [method, url, body] of writes) expect((await as('ana.agent', method, url, body)).statusCode, url).toBe(403);
  });

  it.skipIf(skip)('supervisors read the classroom but cannot act in it', async () => {
    for (const url of reads) expect((await as('sam.supervisor', 'GET', url)).statusCode, url).toBe(200);
    for (const [method, url, body] of writes) expect((await as('sam.supervisor', method, url, body)).statusCode, url).toBe(403);
  });

  it.skipIf(skip)("trainers act, through the simulator's control API", async () => {
    sim.requests.length = 0;
    for (const [method, url, body] of writes) expect((await as('tia.trainer', method, url, body)).statusCode, url).toBe(200);
    expect(sim.requests).toContainEqual({ method: 'POST', path: '/clock', body: { advance_ms: 3_600_000 } });
    expect(sim.requests).toContainEqual({ method: 'POST', path: '/reset', body: undefined });
    expect(sim.requests).toContainEqual({ method: 'PUT', path: `/users/${helena}`, body: { on_whatsapp: true, on_call: 'ignore' } });
    expect(sim.requests).toContainEqual({ method: 'POST', path: `/users/${helena}/calls`, body: { phone_number_id: pnid, cta_payload: 'order-42' } });
    expect(sim.requests).toContainEqual({ method: 'POST', path: `/users/${helena}/permissions`, body: { phone_number_id: pnid, action: 'revoke' } });
    expect(sim.changes()).toBeGreaterThanOrEqual(2);
    const users = (await as('tia.trainer', 'GET', '/api/training/users')).json();
    expect(users[0]).toMatchObject({ waId: helena, behaviour: { kind: 'declines' }, displayNumber: expect.stringContaining('+55') });
  });

  it.skipIf(skip)('an unknown scenario is 404; an invalid behaviour is 400', async () => {
    expect((await as('tia.trainer', 'POST', '/api/training/scenarios/nope')).statusCode).toBe(404);
    expect((await as('tia.trainer', 'PUT', `/api/training/users/${helena}`, { behaviour: { kind: 'sings' } })).statusCode).toBe(400);
  });

  it.skipIf(skip)('"Customer calls while every agent is away" sets every agent Away and tells the floor', async () => {
    expect((await as('tia.trainer', 'POST', '/api/training/scenarios/customer-calls-all-away')).statusCode).toBe(200);
    const agents = await db.db.select({ presence: users.presence, awayReason: users.awayReason }).from(users).where(eq(users.role, 'agent'));
    expect(agents.every((a) => a.presence === 'away' && a.awayReason === 'training')).toBe(true);
    expect(sim.requests.at(-1)).toEqual({ method: 'POST', path: '/users/5521998765432/calls', body: { phone_number_id: pnid } });
    expect(server.published.some((p) => p.event.type === 'training.timeline' && p.event.entry.kind === 'scenario')).toBe(true);
  });

  it.skipIf(skip)("the timeline shows WhatsApp's automatic revoke with its caption, pushed to trainers and supervisors", async () => {
    await server.postWebhook(revokeWebhook);
    const { entries } = (await as('sam.supervisor', 'GET', '/api/training/timeline')).json();
    const revoke = entries.find((e: { kind: string }) => e.kind === 'call_permission_reply');
    expect(revoke).toMatchObject({ direction: 'webhook', waId: helena, businessNumberId: pnid });
    expect(revoke.caption).toMatch(/^WhatsApp revokes the permission automatically/);
    const pushed = server.published.find((p) => p.event.type === 'training.timeline' && p.event.entry.kind === 'call_permission_reply');
    expect(pushed?.to).toEqual({ kind: 'roles', roles: ['trainer', 'supervisor'] });
  });

  it.skipIf(skip)('in Meta mode the actions answer 409 and say what needs the simulator; webhooks stay off the timeline', async () => {
    const metaDb = await openTestDb('pglite');
    const meta = await buildTestServer(metaDb, metaGraphStandIn(() => ({ status: 200, body: {} })).fetch, { mode: 'meta', simulatorControl: sim.control, scenarios });
    const cookie = await meta.signIn('tia.trainer');
    const res = await meta.app.inject({ method: 'POST', url: '/api/training/clock', payload: { advanceMs: 1000 }, headers: { cookie } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/simulator mode/);
    await meta.postWebhook(revokeWebhook);
    const timeline = await meta.app.inject({ method: 'GET', url: '/api/training/timeline', headers: { cookie } });
    expect(timeline.statusCode).toBe(200);
    expect(timeline.json().entries).toEqual([]); // no classroom against Meta: the ack and apply paths carry no timeline work
    await meta.app.close();
    await metaDb.close();
  });
});

describe('a Graph request on the timeline', () => {
  it('names the call, the customer and what WhatsApp answered', () => {
    const line = graphLine({
      method: 'POST', path: `/${pnid}/calls`, request: { messaging_product: 'whatsapp', action: 'connect', to: helena, session: { sdp_type: 'offer', sdp: 'v=0' } },
      status: 200, response: { calls: [{ id: 'wacid.X' }] }, error: null,
    }, new Date(0));
    expect(line).toMatchObject({ direction: 'graph', kind: 'connect', callId: 'wacid.X', waId: helena, businessNumberId: pnid });
    expect(line.caption).toMatch(/^Ringside asks WhatsApp to call the customer/);
  });

  it('a refusal carries Meta\'s code', () => {
    const line = graphLine({ method: 'GET', path: `/${pnid}/call_permissions?user_wa_id=${helena}`, request: null, status: 400, response: {}, error: { code: 613, metaMessage: 'Too many calls' } as never }, new Date(0));
    expect(line.waId).toBe(helena);
    expect(line.caption).toMatch(/WhatsApp refuses with 613: Too many calls/);
  });
});
