import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDb } from '../db/open-db.ts';
import { buildTestServer, chromiumOffer, metaGraphStandIn, openTestDb, postgresAvailable } from '../test-support.ts';

const kinds = ['pglite', 'postgres'] as const;
const pgUp = await postgresAvailable();
const pnid = '100000000000001';
const bruno = '5521998765432';
const carla = '5531987651234';

/** Polls `read` until `accept` holds (a condition, not a fixed delay); fails after `ms`. */
async function until<T>(read: () => Promise<T>, accept: (value: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const sample = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe.each(kinds)('operations endpoints on %s', (kind) => {
  const skip = kind === 'postgres' && !pgUp;
  if (skip) console.warn('Skipping the PostgreSQL run of the operations tests: no PostgreSQL answers at TEST_DATABASE_URL (default 127.0.0.1:5432/test).');
  let db: OpenDb;
  let server: Awaited<ReturnType<typeof buildTestServer>>;
  const graph = metaGraphStandIn((c) => (c.path.endsWith('/calls') && (c.body as { action: string }).action === 'connect'
    ? { status: 200, body: { messaging_product: 'whatsapp', calls: [{ id: 'wacid.METRICS-1' }] } }
    : { status: 400, body: { error: { message: '(#138006) No approved call permission', type: 'OAuthException', code: 138006 } } }));

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

  const metrics = async () => (await server.app.inject({ url: '/metrics' })).body;

  it.skipIf(skip)('is healthy and ready once the database is reachable and migrated', async () => {
    expect((await server.app.inject({ url: '/healthz' })).json()).toEqual({ ok: true, mode: 'simulator', database: kind });
    const ready = await server.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ ready: true });
  });

  it.skipIf(skip)('exposes calls, Graph requests, webhooks, policy refusals and HTTP in Prometheus text', async () => {
    const cookie = await server.signIn('ana.agent');
    const dial = (waId: string) => server.app.inject({ method: 'POST', url: '/api/calls', headers: { cookie }, payload: { businessNumberId: pnid, waId, sdp: chromiumOffer } });
    expect((await dial(bruno)).json()).toEqual({ callId: 'wacid.METRICS-1' });
    expect((await dial(carla)).json()).toMatchObject({ error: { code: 'policy_refused', metaCode: 138006 } });
    expect((await server.postWebhook(null, { raw: '{}', signature: 'sha256=00' })).statusCode).toBe(401);
    expect((await server.postWebhook(null, { raw: '{"object":' })).statusCode).toBe(400);

    const res = await server.app.inject({ url: '/metrics' });
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = res.body;
    expect(text).toContain('# TYPE ringside_live_calls gauge');
    expect(sample(text, 'ringside_live_calls{direction="business_initiated",state="connecting"}')
      ?? sample(text, 'ringside_live_calls{direction="business_initiated",state="dialing"}')).toBe(1);
    expect(sample(text, 'ringside_graph_requests_total{operation="connect",outcome="ok"}')).toBe(1);
    expect(sample(text, 'ringside_graph_request_duration_seconds_count{operation="connect"}')).toBe(1);
    expect(sample(text, 'ringside_policy_refusals_total{code="138006"}')).toBe(1);
    expect(sample(text, 'ringside_webhooks_received_total')).toBe(2);
    expect(sample(text, 'ringside_webhooks_rejected_total{reason="signature"}')).toBe(1);
    expect(sample(text, 'ringside_webhooks_rejected_total{reason="malformed"}')).toBe(1);
    expect(sample(text, 'ringside_webhook_ack_seconds_count')).toBe(2);
    expect(sample(text, 'ringside_http_requests_total{method="POST",route="/api/calls",status="200"}')).toBe(1);
    expect(sample(text, 'ringside_http_requests_total{method="POST",route="/api/calls",status="422"}')).toBe(1);
    expect(sample(text, 'ringside_sse_clients')).toBe(0);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it.skipIf(skip)('counts open event streams, and ends them when the server closes', async () => {
    await server.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = server.app.server.address() as AddressInfo;
    const cookie = await server.signIn('ben.agent');
    const stream = await new Promise<IncomingMessage>((resolve, reject) => {
      httpRequest({ host: '127.0.0.1', port, path: '/api/events', headers: { cookie } }, resolve).on('error', reject).end();
    });
    let received = '';
    stream.on('data', (chunk: Buffer) => { received += chunk.toString(); });
    const ended = new Promise<void>((resolve) => stream.once('end', () => resolve()));
    await until(async () => received, (r) => r.includes('"type":"hello"'));
    expect(sample(await metrics(), 'ringside_sse_clients')).toBe(1);
    const closing = server.app.close();
    await ended;
    await closing;
    expect(received).toContain('"type":"hello"');
  });
});
