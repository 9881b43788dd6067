import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDb } from '../db/open-db.ts';
import { buildTestServer, metaGraphStandIn, openTestDb } from '../test-support.ts';
import { logFor } from './request-id.ts';

type Line = { level: number; msg: string; reqId?: string; statusCode?: number };
const graph = metaGraphStandIn(() => ({ status: 200, body: {} }));

async function serverLogging(db: OpenDb, level: 'info' | 'debug') {
  const lines: Line[] = [];
  const log = pino({ level }, { write: (line: string) => { lines.push(JSON.parse(line) as Line); } });
  return { lines, server: await buildTestServer(db, graph.fetch, { log }) };
}

describe('request ids and a quiet log', () => {
  let db: OpenDb;
  beforeAll(async () => { db = await openTestDb('pglite'); });
  afterAll(async () => { await db.close(); });

  it('logs no line per request at info; warnings still carry the request id', async () => {
    const { lines, server } = await serverLogging(db, 'info');
    for (let i = 0; i < 5; i++) await server.app.inject({ url: '/api/config' });
    expect(lines.filter((l) => l.reqId !== undefined && l.level < 40)).toEqual([]);
    const res = await server.postWebhook(null, { raw: '{}', signature: 'sha256=00' });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines).toContainEqual(expect.objectContaining({ level: 40, reqId: res.headers['x-request-id'], msg: expect.stringMatching(/X-Hub-Signature-256/) }));
    await server.app.close();
  });

  it('at debug logs one line per request, under the id the caller sent (or a fresh one if unusable)', async () => {
    const { lines, server } = await serverLogging(db, 'debug');
    const traced = await server.app.inject({ url: '/api/config', headers: { 'x-request-id': 'edge-7f3a.42' } });
    expect(traced.headers['x-request-id']).toBe('edge-7f3a.42');
    expect(lines.filter((l) => l.msg === 'request')).toEqual([expect.objectContaining({ reqId: 'edge-7f3a.42', statusCode: 200 })]);
    const junk = await server.app.inject({ url: '/api/config', headers: { 'x-request-id': 'a b\tc' } });
    expect(junk.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const long = await server.app.inject({ url: '/api/config', headers: { 'x-request-id': 'x'.repeat(200) } });
    expect(long.headers['x-request-id']).not.toBe('x'.repeat(200));
    logFor(server.ctx, 'edge-7f3a.42').info('applied later');
    expect(lines.at(-1)).toMatchObject({ reqId: 'edge-7f3a.42', msg: 'applied later' });
    await server.app.close();
  });
});
