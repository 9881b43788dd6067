/**
 * 100k contacts and a 100k-entry pair: Ringside in Meta mode on PostgreSQL, the data written straight
 * into its database (what is measured is reading it). PGlite is left out: it is embedded in the
 * server's process, so nothing else can write 100k rows into it. Figures: a page of 50 from
 * `GET /api/contact-pages` (walking the list, and a search), and the pre-dial answer for the pair whose
 * ledger holds 100k entries (`GET /api/contacts/{waId}`), each p50/p99 over the requests.
 */
import pg from 'pg';
import { benchNumber, freshDatabase, startRingside, type Instance } from './lib/instances.ts';
import { percentile, type Row } from './lib/stats.ts';

const contactCount = Number(process.env.BENCH_CONTACTS ?? 100_000);
const ledgerCount = Number(process.env.BENCH_LEDGER ?? 100_000);
const heavyPair = '5511955500000';
const requests = 200;

/** Contacts with varied names, and one pair whose ledger spans a year of calls. */
function seedSql(): string[] {
  return [
    `insert into contacts (wa_id, name) select '55119' || lpad(g::text, 8, '0'), (array['Ana','Bruno','Carla','Diego','Elena','Gabriel','Helena','Igor'])[1 + g % 8] || ' ' || md5(g::text) from generate_series(1, ${contactCount}) g on conflict do nothing`,
    `insert into contacts (wa_id, name) values ('${heavyPair}', 'Heavy History') on conflict do nothing`,
    `insert into ledger_entries (business_number_id, wa_id, entry_id, type, detail, at, entry)
       select '${benchNumber.id}', '${heavyPair}', 'e' || g, 'call_connected', 'business_initiated', t,
              jsonb_build_object('type', 'call_connected', 'id', 'e' || g, 'at', (extract(epoch from t) * 1000)::bigint, 'direction', 'business_initiated')
       from generate_series(1, ${ledgerCount}) g, lateral (select now() - (g * interval '5 minutes') as t) x`,
    'analyze',
  ];
}

async function signIn(instance: Instance): Promise<string> {
  const res = await fetch(`${instance.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench.agent', password: 'bench-password' }) });
  if (!res.ok) throw new Error(`sign-in ${res.status}`);
  return String(res.headers.get('set-cookie')).split(';')[0]!;
}

async function timed(url: string, cookie: string): Promise<{ ms: number; json: unknown }> {
  const start = performance.now();
  const res = await fetch(url, { headers: { cookie } });
  const json = await res.json();
  if (!res.ok) throw new Error(`${url}: ${res.status} ${JSON.stringify(json).slice(0, 200)}`);
  return { ms: performance.now() - start, json };
}

async function measure(label: string, instance: Instance): Promise<Row[]> {
  const cookie = await signIn(instance);
  const base = `${instance.url}/api/contact-pages?businessNumberId=${benchNumber.id}&limit=50`;
  const walk: number[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < requests; i++) {
    const { ms, json } = await timed(`${base}${cursor ? `&after=${encodeURIComponent(cursor)}` : ''}`, cookie);
    walk.push(ms);
    cursor = (json as { next: string | null }).next;
  }
  const search: number[] = [];
  for (let i = 0; i < requests / 4; i++) search.push((await timed(`${base}&q=${['gab', 'hel', '5511900', 'carla 1'][i % 4]}`, cookie)).ms);
  const pair: number[] = [];
  for (let i = 0; i < requests / 4; i++) pair.push((await timed(`${instance.url}/api/contacts/${heavyPair}?businessNumberId=${benchNumber.id}`, cookie)).ms);
  return [
    { figure: `${label}: page of 50 at ${contactCount / 1000}k contacts, p50`, unit: 'ms', runs: [percentile(walk, 50)] },
    { figure: `${label}: page of 50 at ${contactCount / 1000}k contacts, p99`, unit: 'ms', runs: [percentile(walk, 99)], target: { op: '<=', value: 50 } },
    { figure: `${label}: search page, p99`, unit: 'ms', runs: [percentile(search, 99)], target: { op: '<=', value: 50 } },
    { figure: `${label}: pre-dial of a ${ledgerCount / 1000}k-entry pair, p50 (HTTP)`, unit: 'ms', runs: [percentile(pair, 50)], target: { op: '<=', value: 5 }, note: 'HTTP round trip included' },
  ];
}

export async function contactsScale(basePort: number): Promise<{ rows: Row[]; log: string[] }> {
  const db = await freshDatabase();
  const instance = await startRingside({ port: basePort, graphUrl: 'http://127.0.0.1:9', databaseUrl: db.url }); // nothing here asks Graph
  try {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const seeding = performance.now();
    for (const statement of seedSql()) await client.query(statement);
    await client.end();
    const log = [`contacts: ${contactCount} contacts and a ${ledgerCount}-entry pair written in ${((performance.now() - seeding) / 1000).toFixed(1)} s`];
    return { rows: await measure('PostgreSQL', instance), log };
  } finally {
    await instance.stop();
    await db.drop();
  }
}
