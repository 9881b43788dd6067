import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessNumberSchema, callSummarySchema, contactSchema, sessionSchema } from '../../shared/agent-api.ts';
import { contacts } from '../db/schema.ts';
import type { OpenDb } from '../db/open-db.ts';
import { buildTestServer, chromiumOffer, metaGraphStandIn, openTestDb, postgresAvailable } from '../test-support.ts';

// What the browser relies on: a session check that is never a failed request, and numbers in the
// form people read (the browser ships no numbering plans).
const pnid = '100000000000001';
const bruno = '5521998765432'; // permanent permission (demo-data)
const bsuid = 'BR.13491208655302741918';
const pgUp = await postgresAvailable();

describe.each(['pglite', 'postgres'] as const)('what the browser receives (%s)', (kind) => {
  const skip = kind === 'postgres' && !pgUp;
  if (skip) console.warn('Skipping the PostgreSQL run of the client-contract tests: no PostgreSQL answers at TEST_DATABASE_URL.');
  let db: OpenDb;
  let server: Awaited<ReturnType<typeof buildTestServer>>;
  const graph = metaGraphStandIn(() => ({ status: 200, body: { messaging_product: 'whatsapp', calls: [{ id: 'wacid.DISPLAY' }] } }));
  const get = async (url: string, cookie?: string) => server.app.inject({ url, headers: cookie ? { cookie } : {} });

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

  it.skipIf(skip)('answers the session check with 200 whether or not someone is signed in; /api/me keeps its 401', async () => {
    const anonymous = await get('/api/session');
    expect(anonymous.statusCode).toBe(200);
    expect(sessionSchema.parse(anonymous.json())).toEqual({ me: null });
    expect((await get('/api/session', 'rs_session=not-a-session')).json()).toEqual({ me: null });
    expect((await get('/api/me')).statusCode).toBe(401);

    const cookie = await server.signIn('ana.agent');
    const signedIn = sessionSchema.parse((await get('/api/session', cookie)).json());
    expect(signedIn.me).toMatchObject({ username: 'ana.agent', role: 'agent' });
    expect((await get('/api/me', cookie)).json()).toEqual(signedIn.me);
  });

  it.skipIf(skip)('sends business numbers, contacts and calls with their display forms; a business-scoped user shows its id', async () => {
    const cookie = await server.signIn('ana.agent');
    const lines = businessNumberSchema.array().parse((await get('/api/business-numbers', cookie)).json());
    expect(lines.find((l) => l.id === pnid)).toMatchObject({ displayNumber: '+55 11 4000 1000', country: 'BR' });

    await db.db.insert(contacts).values({ waId: bsuid, name: 'Username only' });
    const list = contactSchema.array().parse((await get(`/api/contacts?businessNumberId=${pnid}`, cookie)).json());
    expect(list.find((c) => c.waId === bruno)?.displayNumber).toBe('+55 21 99876 5432');
    expect(list.find((c) => c.waId === bsuid)?.displayNumber).toBe(bsuid);

    const dial = await server.app.inject({ method: 'POST', url: '/api/calls', headers: { cookie }, payload: { businessNumberId: pnid, waId: bruno, sdp: chromiumOffer } });
    expect(dial.statusCode).toBe(200);
    const calls = callSummarySchema.array().parse((await get('/api/calls', cookie)).json());
    expect(calls.find((c) => c.id === dial.json().callId)?.displayNumber).toBe('+55 21 99876 5432');
  });
});
