/**
 * Test harness for server tests: a real database (in-memory PGlite, and a throw-away database on
 * the PostgreSQL at TEST_DATABASE_URL), the real app, and a stand-in for Meta's Graph API at the
 * HTTP boundary (a `fetch` that answers like Meta). End-to-end tests use the simulator instead.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import type { AgentEvent } from '../shared/agent-api.ts';
import { demoAccounts } from '../shared/demo-data.ts';
import { toMetaJson } from '../shared/meta-api.ts';
import { policyProfiles } from '../shared/policy/profiles.ts';
import { createApp, type AppOptions } from './app.ts';
import type { ServerContext } from './context.ts';
import { openDb, type OpenDb } from './db/open-db.ts';
import { inArray } from 'drizzle-orm';
import { agentStreams, users } from './db/schema.ts';
import { openStream } from './events/agent-streams.ts';
import type { Audience } from './events/event-bus.ts';
import { createGraphClient } from './graph/graph-client.ts';
import { createMetrics } from './ops/metrics.ts';
import { createRuntime } from './runtime.ts';
import { createGraphTap } from './training/graph-tap.ts';
import { seedDemo } from './seed.ts';
import { signBody } from './webhooks/signature.ts';

export const testPgUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Whether the PostgreSQL for tests answers; when not, PG suites skip and say why. */
export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: testPgUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/** A throw-away database; `url` is set on PostgreSQL (for a second instance, or a LISTEN connection). */
export type TestDb = OpenDb & { url: string | null };

export async function openTestDb(kind: 'pglite' | 'postgres'): Promise<TestDb> {
  if (kind === 'pglite') return { ...(await openDb({})), url: null };
  const name = `ringside_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testPgUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(testPgUrl);
  url.pathname = `/${name}`;
  const opened = await openDb({ url: url.toString(), onIdleError: () => undefined }); // the drop below ends idle connections
  return {
    ...opened,
    url: url.toString(),
    async close() {
      await opened.close();
      const cleanup = new pg.Client({ connectionString: testPgUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

export interface GraphCall { method: string; path: string; body: unknown }
export type GraphAnswer = { status: number; body: unknown };

/** Answers Graph requests the way Meta does; `answer` decides per request. */
export function metaGraphStandIn(answer: (call: GraphCall) => GraphAnswer) {
  const calls: GraphCall[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const call = { method: init?.method ?? 'GET', path: url.pathname + url.search, body: init?.body ? JSON.parse(String(init.body)) : undefined };
    calls.push(call);
    const { status, body } = answer(call);
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
  return { calls, fetch: fetchImpl };
}

export const appSecret = 'test-app-secret';
/** scrypt N for tests that are not about hashing (production uses 2^17). */
export const testPasswordCost = 2 ** 10;
export const verifyToken = 'test-verify-token';

export type TestServerOptions = Partial<Pick<AppOptions, 'mode' | 'trustProxy' | 'signInLimits' | 'passwordCost' | 'staticDir' | 'simulatorControl' | 'scenarios'>> & {
  simulatorPort?: number;
  log?: ServerContext['log'];
  /** PostgreSQL URL: events fan out through LISTEN/NOTIFY as between real instances. */
  databaseUrl?: string;
  /** Skip seeding (a second instance on a database another test server seeded). */
  seed?: boolean;
  /** Where the Graph client points: the stand-in `fetch` by default, or a real Meta-shaped server (`testing/fake-graph.ts`). */
  graphUrl?: string;
  accessToken?: string;
  /** Agents an inbound call rings at once (RING_AT_ONCE; the runtime's default otherwise). */
  ringAtOnce?: number;
};

export async function buildTestServer(db: OpenDb, graphFetch: typeof fetch, testOptions: TestServerOptions = {}) {
  const { simulatorPort = null, log, databaseUrl, seed, graphUrl, accessToken, ringAtOnce, ...options } = testOptions;
  let clock = new Date('2026-11-22T10:00:00Z').getTime();
  let wall = Date.now();
  const metrics = createMetrics();
  const tap = createGraphTap();
  const mode = options.mode ?? 'simulator';
  const runtime = await createRuntime({
    database: db, classroom: mode === 'simulator', databaseUrl, log: log ?? pino({ level: 'silent' }), policy: policyProfiles['seed-2025'], metrics,
    graph: createGraphClient({ baseUrl: graphUrl ?? 'http://graph.test', version: 'v23.0', accessToken: accessToken ?? 't', fetch: graphFetch, observe: (o) => metrics.graphRequest(o), onExchange: tap.onExchange }),
    now: () => new Date(clock), wallNow: () => new Date(wall), ringAtOnce,
  });
  const { ctx, hub, applier } = runtime;
  tap.attach(ctx);
  const published: Array<{ to: Audience; event: AgentEvent }> = [];
  ctx.bus.subscribe((m) => published.push({ to: m.to, event: m.event }));
  if (seed !== false) await seedDemo(db.db, ctx.now(), testPasswordCost);
  const app = createApp({
    ctx, hub, applier, instanceId: runtime.instanceId, mode, dbKind: db.kind, readiness: db.readiness, secrets: { appSecret, verifyToken }, passwordCost: testPasswordCost, ...options,
    client: { mode, demoAccounts, simulatorPort, policyProfile: { id: 'seed-2025', label: 'test' } },
  });
  app.addHook('onClose', async () => { await runtime.close(); });
  await app.ready();
  return {
    app, ctx, published, runtime,
    /** Moves WhatsApp's clock. */
    advance: (ms: number) => { clock += ms; },
    /** Moves this machine's clock (sessions, push-channel heartbeats). */
    advanceWall: (ms: number) => { wall += ms; },
    async signIn(username: string): Promise<string> {
      const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password: 'ringside' } });
      return String(res.headers['set-cookie']).split(';')[0]!;
    },
    /** Posts a signed webhook and, unless `settle` is false, waits until what it carried is applied. */
    async postWebhook(body: unknown, opts: { signature?: string; raw?: string; settle?: boolean } = {}) {
      const raw = opts.raw ?? toMetaJson(body);
      const res = await app.inject({
        method: 'POST', url: '/webhooks/whatsapp', payload: raw,
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': opts.signature ?? signBody(appSecret, raw) },
      });
      if (opts.settle !== false) await applier.idle();
      return res;
    },
    /** Marks agents as online and available, as an open push channel does. */
    async online(...usernames: string[]) {
      const rows = await db.db.update(users).set({ presence: 'available' }).where(inArray(users.username, usernames)).returning({ id: users.id });
      for (const r of rows) await openStream(db.db, r.id, runtime.instanceId, ctx.wallNow());
    },
    /** Closes every push channel of these agents (a closed tab). */
    async offline(...usernames: string[]) {
      const rows = await db.db.select({ id: users.id }).from(users).where(inArray(users.username, usernames));
      if (rows.length > 0) await db.db.update(agentStreams).set({ closedAt: ctx.wallNow() }).where(inArray(agentStreams.userId, rows.map((r) => r.id)));
    },
  };
}

/** A stock Chromium audio-only offer (one m-line, DTLS fingerprint, Opus). */
export const chromiumOffer = [
  'v=0', 'o=- 4611731400430051336 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0', 'a=extmap-allow-mixed', 'a=msid-semantic: WMS stream',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126', 'c=IN IP4 0.0.0.0', 'a=rtcp:9 IN IP4 0.0.0.0',
  'a=candidate:1 1 udp 2113937151 127.0.0.1 54400 typ host generation 0',
  'a=ice-ufrag:Ab12', 'a=ice-pwd:0123456789abcdef012345', 'a=ice-options:trickle',
  'a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08',
  'a=setup:actpass', 'a=mid:0', 'a=sendrecv', 'a=msid:stream track', 'a=rtcp-mux',
  'a=rtpmap:111 opus/48000/2', 'a=rtcp-fb:111 transport-cc', 'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:126 telephone-event/8000', 'a=ssrc:1001 cname:abc', '',
].join('\r\n');

/** A `calls` change as Meta posts it for the demo BR line (100000000000001); `value` adds calls, statuses, contacts. */
export const callsWebhook = (value: Record<string, unknown>) => ({
  object: 'whatsapp_business_account',
  entry: [{ id: 'WABA1', changes: [{ field: 'calls', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '551140001000', phone_number_id: '100000000000001' }, ...value } }] }],
});

/** Meta's `connect` webhook for a customer calling the demo BR line with Chromium's offer. */
export const customerCallsWebhook = (id: string, from: string, at: number) => callsWebhook({
  contacts: [{ profile: { name: 'Caller' }, wa_id: from }],
  calls: [{ id, from, to: '551140001000', event: 'connect', timestamp: String(at), direction: 'USER_INITIATED', session: { sdp_type: 'offer', sdp: chromiumOffer } }],
});

/** The same offer with a data channel: Meta refuses it (one audio m-line only). */
export const chromiumOfferWithDataChannel = chromiumOffer.replace('a=group:BUNDLE 0', 'a=group:BUNDLE 0 1')
  + ['m=application 9 UDP/DTLS/SCTP webrtc-datachannel', 'c=IN IP4 0.0.0.0', 'a=mid:1', 'a=sctp-port:5000', ''].join('\r\n');
