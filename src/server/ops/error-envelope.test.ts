import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorResponseSchema as appErrorResponseSchema } from './error-envelope.ts';
import type { OpenDb } from '../db/open-db.ts';
import { buildTestServer, metaGraphStandIn, openTestDb } from '../test-support.ts';

describe('every REST error is our envelope, and bad input is a 400, never a 500', () => {
  let db: OpenDb;
  let server: Awaited<ReturnType<typeof buildTestServer>>;
  let cookie: string;
  const graph = metaGraphStandIn(() => ({ status: 200, body: { messaging_product: 'whatsapp', success: true } }));

  beforeAll(async () => {
    db = await openTestDb('pglite');
    server = await buildTestServer(db, graph.fetch);
    cookie = await server.signIn('ana.agent');
  });
  afterAll(async () => {
    await server.app.close();
    await db.close();
  });

  const expectEnvelope = (res: { statusCode: number; json(): unknown }, status: number, code: string, message?: RegExp) => {
    expect(res.statusCode).toBe(status);
    const body = appErrorResponseSchema.parse(res.json());
    expect(body.error.code).toBe(code);
    if (message) expect(body.error.message).toMatch(message);
  };

  it("maps Fastify's own errors to our codes", async () => {
    const inject = server.app.inject.bind(server.app);
    expectEnvelope(await inject({ url: '/api/nothing-here' }), 404, 'not_found', /No route GET \/api\/nothing-here/);
    expectEnvelope(await inject({ method: 'PATCH', url: '/api/me', headers: { cookie } }), 404, 'not_found');
    expectEnvelope(await inject({ url: '/api/contacts/%E0%A4%A' }), 400, 'bad_request', /URL is not valid/);
    expectEnvelope(await inject({ url: `/api/calls/${'x'.repeat(1500)}/hangup`, method: 'POST', headers: { cookie } }), 414, 'bad_request', /^A path segment is too long\.$/);
    const json = { cookie, 'content-type': 'application/json' };
    expectEnvelope(await inject({ method: 'POST', url: '/api/session', headers: json, payload: '{"username":' }), 400, 'bad_request', /not valid JSON/);
    expectEnvelope(await inject({ method: 'POST', url: '/api/session', headers: json, payload: '' }), 400, 'bad_request', /empty/);
    expectEnvelope(await inject({ method: 'POST', url: '/api/session', headers: { 'content-type': 'application/xml' }, payload: '<a/>' }), 415, 'unsupported_media_type');
    expectEnvelope(await inject({ method: 'POST', url: '/api/session', headers: json, payload: '{"__proto__":{"x":1}}' }), 400, 'bad_request');
    expectEnvelope(await inject({ method: 'PUT', url: '/api/me/presence', headers: json, payload: JSON.stringify({ presence: 'x'.repeat(70_000) }) }), 413, 'payload_too_large');
    expectEnvelope(await inject({ url: '/webhooks/nothing' }), 404, 'not_found');
  });

  it('refuses a NUL byte or a lone surrogate in any string input, naming where', async () => {
    const inject = server.app.inject.bind(server.app);
    const signIn = (username: string) => inject({ method: 'POST', url: '/api/session', payload: JSON.stringify({ username, password: 'ringside' }), headers: { 'content-type': 'application/json' } });
    expectEnvelope(await signIn('ana\u0000.agent'), 400, 'bad_request', /^body\.username contains a NUL byte/);
    expectEnvelope(await signIn('ana\ud800'), 400, 'bad_request', /^body\.username .*unpaired surrogate/);
    expectEnvelope(await signIn('\udc00ana'), 400, 'bad_request', /^body\.username/);
    expectEnvelope(await inject({ url: '/api/contacts?businessNumberId=%00', headers: { cookie } }), 400, 'bad_request', /^query\.businessNumberId/);
    expectEnvelope(await inject({ method: 'POST', url: '/api/calls/wacid.%00/hangup', headers: { cookie } }), 400, 'bad_request', /^params\.id/);
    expectEnvelope(await inject({ method: 'POST', url: '/api/calls/wacid.%ED%A0%80/hangup', headers: { cookie } }), 400, 'bad_request');
    expectEnvelope(await inject({ method: 'POST', url: '/api/calls', headers: { cookie, 'content-type': 'application/json' }, payload: '{"businessNumberId":"100000000000001\\u0000","waId":"5521998765432","sdp":"v=0"}' }), 400, 'bad_request', /^body\.businessNumberId/);
    expectEnvelope(await inject({ method: 'POST', url: '/api/calls', headers: { cookie, 'content-type': 'application/json' }, payload: '{"x":{"\\u0000":1}}' }), 400, 'bad_request', /key/);
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    expectEnvelope(await inject({ method: 'PUT', url: '/api/me/presence', headers: { cookie, 'content-type': 'application/json' }, payload: `{"presence":${deep}}` }), 400, 'bad_request', /nested/);
    // Surrogate pairs (emoji) are fine text: they reach the handler, which answers on its own terms.
    expect((await signIn('ana😀')).statusCode).toBe(401);
  });

  it('keeps valid sign-ins working after all that', async () => {
    expect((await server.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
  });
});
