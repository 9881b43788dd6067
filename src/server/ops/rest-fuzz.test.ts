/**
 * Mutated REST requests against every route in /api/openapi.json, with and without a session
 * cookie: odd strings (NUL, lone surrogates, very long, other types), broken JSON, wrong content
 * types, bad percent-encoding, other methods, cross-site headers. None may answer 5xx; every error
 * must be our envelope; memory must stay bounded. FUZZ_SEED replays a run; FUZZ_REQUESTS scales it.
 */
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorResponseSchema as appErrorResponseSchema } from './error-envelope.ts';
import type { OpenDb } from '../db/open-db.ts';
import { buildTestServer, chromiumOffer, metaGraphStandIn, openTestDb } from '../test-support.ts';

const seed = Number(process.env.FUZZ_SEED ?? 20261122);
const total = Number(process.env.FUZZ_REQUESTS ?? 2400);

function generator(s: number) {
  const next = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { chance: (p: number) => next() < p, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}

const oddValues: unknown[] = [
  '', ' ', '\u0000', 'ana\u0000.agent', '\ud800', 'x\udfff', '\udbff\udbff', 'x'.repeat(5000), '😀', '%00', '../../etc/passwd', "' or 1=1 --",
  '<script>alert(1)</script>', '\\', '\r\n', 'wacid.HBgLMTIzNDU2Nzg5MDEyFQIAEhggNUE=', 0, -1, 1e308, 3.5, null, true, [], {}, [[[[]]]],
  { __proto__: { admin: true } }, { constructor: { prototype: {} } }, ['100000000000001'], 'available', '5521998765432', '+55 21 99876-5432',
];
const oddSegments = ['%00', '%ED%A0%80', '%', '%zz', '%C0%AF', 'x'.repeat(1200), '..', '.', '%20', 'wacid.%00x', '5521998765432', 'wacid.FUZZ-1', '😀', '%F0%9F%98%80', 'a%2Fb'];
const contentTypes = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json; charset=latin1', ''];
const rawBodies = ['', '{', '{"a":', 'null', '[]', '"x"', '1', 'true', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', '\u0000', 'username=ana&password=x', '{"a":"\\ud800"}', '{"a":"\\u0000"}', '['.repeat(3000)];
const addresses = Array.from({ length: 20 }, (_, n) => `198.18.0.${n + 1}`);
const known: Record<string, unknown> = {
  username: 'ana.agent', password: 'ringside', businessNumberId: '100000000000001', waId: '5521998765432', sdp: chromiumOffer, presence: 'available', body: 'May we call you?',
};

type Route = { method: string; path: string; query: string[]; body?: { properties?: Record<string, unknown> } };

function routesOf(openapi: { paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }>; requestBody?: { content: Record<string, { schema: Route['body'] }> } }>> }): Route[] {
  return Object.entries(openapi.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({
    method: method.toUpperCase(), path, query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
    body: op.requestBody?.content['application/json']?.schema,
  })));
}

function mutatedRequest(route: Route, g: ReturnType<typeof generator>): InjectOptions {
  const url = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => (g.chance(0.5) ? String(known[name] ?? 'wacid.FUZZ-1') : g.pick(oddSegments)));
  const query = route.query.map((name) => `${name}=${g.chance(0.5) ? encodeURIComponent(String(known[name] ?? '1')) : g.pick(oddSegments)}`);
  if (g.chance(0.2)) query.push(`${g.pick(route.query.length ? route.query : ['x'])}=${g.pick(oddSegments)}`);
  const headers: Record<string, string> = {};
  if (g.chance(0.15)) headers.origin = g.pick(['https://evil.example', 'null', 'http://localhost', 'not a url']);
  if (g.chance(0.1)) headers['sec-fetch-site'] = g.pick(['cross-site', 'same-origin', 'same-site', 'none', 'weird']);
  let payload: string | undefined;
  if (route.body || g.chance(0.2)) {
    if (g.chance(0.25)) payload = g.pick(rawBodies);
    else {
      const body: Record<string, unknown> = {};
      for (const name of Object.keys(route.body?.properties ?? {})) if (g.chance(0.9)) body[name] = known[name] ?? 'x';
      for (let n = 0; n < 3; n++) if (g.chance(0.5)) body[g.pick([...Object.keys(body), 'extra', '__proto__', 'constructor'])] = g.pick(oddValues);
      payload = JSON.stringify(body);
    }
    headers['content-type'] = g.chance(0.8) ? 'application/json' : g.pick(contentTypes);
  }
  const method = g.chance(0.1) ? g.pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']) : route.method;
  return { method: method as InjectOptions['method'], url: `${url}${query.length ? `?${query.join('&')}` : ''}`, headers, payload, remoteAddress: g.pick(addresses) };
}

describe('REST fuzz', () => {
  let db: OpenDb;
  let server: Awaited<ReturnType<typeof buildTestServer>>;
  let callIds = 0;
  const graph = metaGraphStandIn((c) => {
    if (c.path.includes('/call_permissions')) return { status: 400, body: { error: { message: '(#138006) No approved call permission', type: 'OAuthException', code: 138006 } } };
    if (c.path.endsWith('/messages')) return { status: 200, body: { messaging_product: 'whatsapp', contacts: [], messages: [{ id: 'wamid.FUZZ' }] } };
    if ((c.body as { action?: string }).action === 'connect') return { status: 200, body: { messaging_product: 'whatsapp', calls: [{ id: `wacid.FUZZ-${++callIds}` }] } };
    return { status: 200, body: { messaging_product: 'whatsapp', success: true } };
  });

  beforeAll(async () => {
    db = await openTestDb('pglite');
    server = await buildTestServer(db, graph.fetch);
  });
  afterAll(async () => {
    await server.app.close();
    await db.close();
  });

  it(`answers ${total} mutated requests with no 5xx, always in our envelope, in bounded memory (seed ${seed})`, async () => {
    const routes = routesOf((await server.app.inject({ url: '/api/openapi.json' })).json());
    expect(routes.length).toBeGreaterThanOrEqual(14);
    const g = generator(seed);
    const freshCookie = async () => {
      const res = await server.app.inject({ method: 'POST', url: '/api/session', remoteAddress: '10.99.99.99', payload: { username: 'tia.trainer', password: 'ringside' } });
      return String(res.headers['set-cookie']).split(';')[0]!;
    };
    let cookie = await freshCookie();
    const failures: string[] = [];
    const sent = { withCookie: 0, without: 0, byRoute: new Map<string, number>() };
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;

    for (let i = 0; i < total && failures.length < 10; i++) {
      const route = g.pick(routes);
      const signedIn = g.chance(0.5) && route.path !== '/api/events'; // a signed-in event stream never ends
      const req = mutatedRequest(route, g);
      if (req.url!.toString().startsWith('/api/events') && req.method === 'GET') req.headers = { ...req.headers, cookie: 'rs_session=nope' };
      else if (signedIn) req.headers = { ...req.headers, cookie };
      sent[signedIn ? 'withCookie' : 'without']++;
      sent.byRoute.set(`${route.method} ${route.path}`, (sent.byRoute.get(`${route.method} ${route.path}`) ?? 0) + 1);
      const res = await server.app.inject(req);
      const what = `#${i} ${req.method} ${String(req.url).slice(0, 120)} ${JSON.stringify(req.payload ?? '').slice(0, 120)} → ${res.statusCode}`;
      if (res.statusCode >= 500) failures.push(`${what} ${res.body.slice(0, 200)}`);
      else if (res.statusCode >= 400 && req.method !== 'HEAD' && !appErrorResponseSchema.safeParse(res.json()).success) failures.push(`${what} not our envelope: ${res.body.slice(0, 200)}`);
      if (signedIn && req.method === 'DELETE' && res.statusCode === 200 && route.path.startsWith('/api/session')) cookie = await freshCookie();
      if (i % 200 === 0) rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }

    expect(failures, `seed ${seed}`).toEqual([]);
    expect(sent.withCookie + sent.without).toBe(total);
    expect(Math.min(sent.withCookie, sent.without)).toBeGreaterThan(total / 4);
    expect(sent.byRoute.size).toBe(routes.length);
    expect((rssPeak - rssBefore) / 2 ** 20).toBeLessThan(200);
    expect((await server.app.inject({ url: '/readyz' })).statusCode).toBe(200);
  }, 120_000);
});
