/**
 * Meta's ceiling on one number: 1,000 inbound + 1,000 outbound calls held at once (signalling only:
 * no media), one Ringside instance on PostgreSQL in Meta mode, against the Meta-shaped fake Graph.
 * 2,000 agents hold the event stream; inbound calls ring them by signed webhook and are accepted,
 * outbound calls are placed through the API and answered by Meta's webhooks. Figures: ring latency
 * (webhook sent → `call.incoming` at an agent), answer latency (webhook → `call.answer`), calls live
 * at the peak, events lost (a call that never rang, never got its answer or never ended for its
 * agent), server RSS.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import { permissionsAnswer, startFakeGraph } from '../../src/server/testing/fake-graph.ts';
import { benchNumber, freshDatabase, startRingside } from './lib/instances.ts';
import { signedCallsChange } from './lib/meta-webhook.ts';
import { percentile, type Row } from './lib/stats.ts';

const perSide = Number(process.env.BENCH_SCALE_CALLS ?? 1000);
const sdp = [
  'v=0', 'o=- 4611731400430051336 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0', 'a=msid-semantic: WMS stream',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 126', 'c=IN IP4 0.0.0.0', 'a=rtcp:9 IN IP4 0.0.0.0',
  'a=candidate:1 1 udp 2113937151 127.0.0.1 54400 typ host generation 0',
  'a=ice-ufrag:Ab12', 'a=ice-pwd:0123456789abcdef012345',
  'a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08',
  'a=setup:actpass', 'a=mid:0', 'a=sendrecv', 'a=rtcp-mux', 'a=rtpmap:111 opus/48000/2', 'a=rtpmap:126 telephone-event/8000', '',
].join('\r\n');
const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 256 });
/** Event streams hold their socket for good: one each, outside the request pool (else the 257th waits forever). */
const streamAgent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

interface Seen { at: number; event: { type: string; callId?: string; call?: { id: string } } }

const callOf = (s: Seen) => s.event.callId ?? s.event.call?.id;

/** When each call was first offered to any agent (`call.incoming`), and who waits for it. */
class Sightings {
  private first = new Map<string, number>();
  private waiting = new Map<string, Array<(at: number) => void>>();
  record(s: Seen): void {
    const id = callOf(s);
    if (s.event.type !== 'call.incoming' || !id || this.first.has(id)) return;
    this.first.set(id, s.at);
    for (const w of this.waiting.get(id) ?? []) w(s.at);
    this.waiting.delete(id);
  }
  firstIncoming(id: string, timeoutMs: number): Promise<number | null> {
    const at = this.first.get(id);
    if (at !== undefined) return Promise.resolve(at);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), timeoutMs);
      this.waiting.set(id, [...(this.waiting.get(id) ?? []), (t) => { clearTimeout(timer); resolve(t); }]);
    });
  }
}

/** One signed-in agent holding the event stream, as a browser tab does. */
class StreamAgent {
  readonly seen: Seen[] = [];
  private waiters: Array<{ test: (s: Seen) => boolean; resolve: (s: Seen) => void }> = [];
  constructor(readonly base: string, readonly cookie: string, private sightings: Sightings) {}

  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const req = http.get(`${this.base}/api/events`, { agent: streamAgent, headers: { cookie: this.cookie, accept: 'text/event-stream' } }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`event stream ${res.statusCode}`));
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, i);
            buffer = buffer.slice(i + 2);
            const data = block.split('\n').find((l) => l.startsWith('data: '));
            if (!data) continue;
            const seen: Seen = { at: performance.now(), event: JSON.parse(data.slice(6)) as Seen['event'] };
            if (seen.event.type === 'hello') resolve();
            this.seen.push(seen);
            this.sightings.record(seen);
            this.waiters = this.waiters.filter((w) => (w.test(seen) ? (w.resolve(seen), false) : true));
          }
        });
      });
      req.on('error', reject);
    });
  }

  next(test: (s: Seen) => boolean): Promise<Seen> {
    const found = this.seen.find(test);
    return found ? Promise.resolve(found) : new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  async post(path: string, body?: unknown, method = 'POST'): Promise<{ status: number; json: unknown }> {
    const res = await fetch(`${this.base}${path}`, { method, headers: { cookie: this.cookie, 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
    return { status: res.status, json: await res.json().catch(() => null) };
  }
}

function signedPost(base: string, value: Record<string, unknown>): Promise<number> {
  const { body, signature } = signedCallsChange(value);
  return new Promise((resolve) => {
    const url = new URL(`${base}/webhooks/whatsapp`);
    const req = http.request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent: httpAgent, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature, 'content-length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

/** Runs `work` over the items with at most `limit` in flight. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]!, i);
    }
  }));
}

/** Agents made directly in the database (sign-in's password hashing is not what this measures). */
async function makeAgents(databaseUrl: string, count: number): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ id: string }>(
    `insert into users (username, display_name, role, password_hash) select 'scale' || g, 'Scale ' || g, 'agent', 'none' from generate_series(1, $1::int) g returning id`, [count]);
  const tokens = rows.map(() => randomBytes(24).toString('base64url'));
  await client.query(`insert into sessions (token_hash, user_id, expires_at) select unnest($1::text[]), unnest($2::text[]), now() + interval '1 day'`,
    [tokens.map((t) => createHash('sha256').update(t).digest('hex')), rows.map((r) => r.id)]);
  await client.end();
  return tokens;
}

async function liveCalls(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from calls where status <> 'ended'`);
  await client.end();
  return rows[0]!.n;
}

export async function scale(basePort: number): Promise<{ rows: Row[]; log: string[] }> {
  const graph = await startFakeGraph('bench-token');
  // Meta's call id names the customer, so the bench knows which webhook answers which call.
  const customerOf = (body: unknown) => (body as { to?: string; recipient?: string }).to ?? (body as { recipient?: string }).recipient ?? '';
  graph.on('connect', (r) => ({ status: 200, body: { messaging_product: 'whatsapp', calls: [{ id: `wacid.SCALE-OUT-${customerOf(r.body)}` }] } }));
  graph.on('call_permissions', permissionsAnswer({ status: 'permanent', startCall: { can: true, used: 0, max: 100 }, request: { can: true, day: [0, 1], week: [0, 2] } }));
  const db = await freshDatabase();
  const instance = await startRingside({ port: basePort, graphUrl: graph.url, databaseUrl: db.url, extraEnv: { QUEUE_WAIT_SECONDS: '120', WRAP_UP_SECONDS: '1' } });
  try {
    const tokens = await makeAgents(db.url, perSide * 2);
    const sightings = new Sightings();
    const agents = tokens.map((t) => new StreamAgent(instance.url, `rs_session=${t}`, sightings));
    await pool(agents, 100, (a) => a.open());
    const outboundAgents = agents.slice(0, perSide);
    const inboundAgents = agents.slice(perSide);
    // Outbound agents go away first, so inbound calls ring only the agents meant to take them.
    await pool(outboundAgents, 50, async (a) => { await a.post('/api/me/presence', { presence: 'away', awayReason: 'other' }, 'PUT'); });
    const ts = String(Math.floor(Date.now() / 1000));

    // Inbound: Meta's connect, at 100/s; the first agent rung takes it.
    const ring: number[] = [];
    const inboundIds = Array.from({ length: perSide }, (_, i) => `wacid.SCALE-IN-${i}`);
    const taken = new Set<string>();
    const inboundStart = performance.now();
    const accepting = inboundAgents.map(async (agent) => {
      const tried = new Set<string>();
      for (;;) {
        const offer = await agent.next((s) => s.event.type === 'call.incoming' && !taken.has(callOf(s)!) && !tried.has(callOf(s)!));
        const id = callOf(offer)!;
        tried.add(id);
        const res = await agent.post(`/api/calls/${encodeURIComponent(id)}/accept`, { sdp });
        if (res.status === 200) { taken.add(id); return; }
      }
    });
    void Promise.allSettled(accepting);
    await pool(inboundIds, 20, async (id, i) => {
      const due = inboundStart + i * 10;
      if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now())); // paced at 100/s
      const from = `55119800${String(i).padStart(5, '0')}`;
      const sent = performance.now();
      await signedPost(instance.url, { contacts: [{ profile: { name: `In ${i}` }, wa_id: from }], calls: [{ id, from, to: benchNumber.display, event: 'connect', timestamp: ts, direction: 'USER_INITIATED', session: { sdp_type: 'offer', sdp } }] });
      const rungAt = await sightings.firstIncoming(id, 30_000);
      if (rungAt !== null) ring.push(rungAt - sent);
    });

    // Outbound: each agent places a call; Meta answers by webhook (connect with the answer, ACCEPTED).
    await pool(outboundAgents, 50, async (a) => { await a.post('/api/me/presence', { presence: 'available' }, 'PUT'); });
    const answer: number[] = [];
    const outboundIds: string[] = [];
    let refused = 0;
    await pool(outboundAgents, 20, async (agent, i) => {
      const to = `55119700${String(i).padStart(5, '0')}`;
      const placed = await agent.post('/api/calls', { businessNumberId: benchNumber.id, waId: to, sdp });
      const callId = (placed.json as { callId?: string } | null)?.callId;
      if (placed.status !== 200 || !callId) { refused++; return; }
      const wacid = `wacid.SCALE-OUT-${to}`;
      outboundIds.push(wacid);
      const sent = performance.now();
      await signedPost(instance.url, { contacts: [{ profile: { name: `Out ${i}` }, wa_id: to }], calls: [{ id: wacid, from: benchNumber.display, to, event: 'connect', timestamp: ts, direction: 'BUSINESS_INITIATED', session: { sdp_type: 'answer', sdp } }] });
      const got = await Promise.race([agent.next((s) => s.event.type === 'call.answer'), new Promise<null>((r) => setTimeout(() => r(null), 30_000))]);
      if (got) answer.push(got.at - sent);
      await signedPost(instance.url, { statuses: [{ id: wacid, timestamp: ts, type: 'call', status: 'ACCEPTED', recipient_id: to }] });
    });

    const peak = await liveCalls(db.url);
    const rss = (await instance.metric('process_resident_memory_bytes')) / 1e6;

    // Every call ends by Meta's terminate; every agent must hear of its call's end.
    const end = String(Math.floor(Date.now() / 1000) + 60);
    const ended = await Promise.all([
      ...inboundIds.map((id, i) => ({ id, peer: `55119800${String(i).padStart(5, '0')}`, direction: 'USER_INITIATED' })),
      ...outboundIds.map((id, i) => ({ id, peer: `55119700${String(i).padStart(5, '0')}`, direction: 'BUSINESS_INITIATED' })),
    ].map(async (c, k) => {
      await new Promise((r) => setTimeout(r, Math.floor(k / 20) * 10)); // 20 per 10 ms: 2,000/s
      await signedPost(instance.url, { calls: [{ id: c.id, from: c.peer, to: benchNumber.display, event: 'terminate', timestamp: end, direction: c.direction, status: 'COMPLETED', duration: 60, start_time: ts, end_time: end }] });
    }));
    void ended;
    const deadline = Date.now() + 60_000;
    while ((await liveCalls(db.url)) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250)); // another process's database: read, not awaited
    const stillLive = await liveCalls(db.url);
    // Every call an agent was offered or placed must end for her: its end, or another agent's claim.
    const endsMissing = agents.filter((a) => {
      const closed = new Set(a.seen.filter((s) => s.event.type === 'call.ended' || s.event.type === 'call.claimed').map(callOf));
      return a.seen.some((s) => (s.event.type === 'call.incoming' || s.event.type === 'call.answer') && !closed.has(callOf(s)));
    }).length;
    const lost = (perSide - ring.length) + (outboundIds.length - answer.length) + stillLive + endsMissing;
    return {
      log: [`scale: ${perSide} inbound rung ${ring.length}, taken ${taken.size}; ${perSide} outbound placed ${outboundIds.length} (refused ${refused}), answered ${answer.length}; live at peak ${peak}; after terminates ${stillLive} live, ${endsMissing} agents never told of the end; RSS ${rss.toFixed(0)} MB`],
      rows: [
        { figure: `scale: calls live at the peak (${perSide}+${perSide})`, unit: 'calls', runs: [peak], target: { op: '>=', value: perSide * 2 } },
        { figure: 'scale: inbound ring p50 (webhook → call.incoming)', unit: 'ms', runs: [percentile(ring, 50)] },
        { figure: 'scale: inbound ring p99', unit: 'ms', runs: [percentile(ring, 99)], target: { op: '<=', value: 200 } },
        { figure: 'scale: outbound answer p99 (webhook → call.answer)', unit: 'ms', runs: [percentile(answer, 99)] },
        { figure: 'scale: events lost', unit: 'count', runs: [lost], target: { op: '<=', value: 0 } },
        { figure: 'scale: server RSS at the peak', unit: 'MB', runs: [rss] },
      ],
    };
  } finally {
    await instance.stop();
    await db.drop();
    await graph.close();
    httpAgent.destroy();
  }
}
