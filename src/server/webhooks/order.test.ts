/**
 * Meta delivers at least once and in any order. Property: every permutation of a call's deliveries,
 * each with random duplicates, leaves the same call record, the same ledger and the same
 * eligibility, through the real webhook endpoint and database.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contact } from '../../shared/agent-api.ts';
import { calls, ledgerEntries } from '../db/schema.ts';
import { buildTestServer, chromiumOffer, metaGraphStandIn, openTestDb, postgresAvailable, type TestDb } from '../test-support.ts';

const pnid = '100000000000002'; // the sandbox line: 100 calls a day, so every run can dial
const display = '442071838750';
const T = Math.floor(new Date('2026-11-22T09:00:00Z').getTime() / 1000); // an hour before the test clock

const envelope = (field: 'calls' | 'messages', value: Record<string, unknown>) => ({
  object: 'whatsapp_business_account',
  entry: [{ id: 'WABA1', changes: [{ field, value: { messaging_product: 'whatsapp', metadata: { display_phone_number: display, phone_number_id: pnid }, ...value } }] }],
});
const status = (id: string, to: string, s: string, at: number) => envelope('calls', { statuses: [{ id, timestamp: String(at), type: 'call', status: s, recipient_id: to }] });
const bic = (id: string, to: string, event: string, at: number, extra: Record<string, unknown> = {}) =>
  envelope('calls', { calls: [{ id, from: display, to, event, timestamp: String(at), direction: 'BUSINESS_INITIATED', ...extra }] });
const uic = (id: string, from: string, event: string, at: number, extra: Record<string, unknown> = {}) =>
  envelope('calls', { contacts: [{ profile: { name: 'Order Test' }, wa_id: from }], calls: [{ id, from, to: display, event, timestamp: String(at), direction: 'USER_INITIATED', ...extra }] });
const grant = (wamid: string, from: string, at: number) => envelope('messages', {
  messages: [{ from, id: wamid, timestamp: String(at), type: 'interactive', interactive: { type: 'call_permission_reply', call_permission_reply: { response: 'accept', is_permanent: true, response_source: 'user_action' } } }],
});

type Scenario = { name: string; direction: 'business' | 'user'; deliveries: (id: string, who: string) => unknown[] };
const scenarios: Scenario[] = [
  { name: 'picked up', direction: 'business', deliveries: (id, who) => [
    bic(id, who, 'connect', T + 1, { session: { sdp_type: 'answer', sdp: chromiumOffer } }), status(id, who, 'RINGING', T + 2), status(id, who, 'ACCEPTED', T + 5),
    bic(id, who, 'terminate', T + 47, { status: 'COMPLETED', start_time: String(T + 5), end_time: String(T + 47), duration: 42 })] },
  { name: 'declined', direction: 'business', deliveries: (id, who) => [
    bic(id, who, 'connect', T + 1, { session: { sdp_type: 'answer', sdp: chromiumOffer } }), status(id, who, 'RINGING', T + 2), status(id, who, 'REJECTED', T + 4),
    bic(id, who, 'terminate', T + 4, { status: 'COMPLETED' })] },
  { name: 'not answered', direction: 'business', deliveries: (id, who) => [
    bic(id, who, 'connect', T + 1, { session: { sdp_type: 'answer', sdp: chromiumOffer } }), status(id, who, 'RINGING', T + 2),
    bic(id, who, 'terminate', T + 32, { status: 'COMPLETED' })] },
  { name: 'a customer call nobody answered', direction: 'user', deliveries: (id, who) => [
    uic(id, who, 'connect', T, { session: { sdp_type: 'offer', sdp: chromiumOffer } }), uic(id, who, 'terminate', T + 45, { status: 'COMPLETED' })] },
];

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}
function rng(seed: number) {
  let x = seed;
  return () => ((x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

const pgUp = await postgresAvailable();

describe.each(['pglite', 'postgres'] as const)('every order of a call\'s deliveries on %s', (kind) => {
  const skip = kind === 'postgres' && !pgUp;
  if (skip) console.warn('Skipping the PostgreSQL run of the delivery-order property: no PostgreSQL answers at TEST_DATABASE_URL.');
  let db: TestDb;
  let server: Awaited<ReturnType<typeof buildTestServer>>;
  let cookie: string;
  let n = 0;
  const nextId = () => `wacid.ORDER-${++n}`;
  let dialed = '';
  const graph = metaGraphStandIn((c) => (c.path.endsWith('/calls') && (c.body as { action: string }).action === 'connect'
    ? { status: 200, body: { messaging_product: 'whatsapp', calls: [{ id: dialed }] } }
    : { status: 200, body: { messaging_product: 'whatsapp', success: true } }));

  beforeAll(async () => {
    if (skip) return;
    db = await openTestDb(kind);
    server = await buildTestServer(db, graph.fetch);
    cookie = await server.signIn('ana.agent');
  });
  afterAll(async () => {
    if (skip) return;
    await server.app.close();
    await db.close();
  });

  /** One run: a fresh customer, the call placed (business) or not (user), then the deliveries in `order`. */
  async function run(scenario: Scenario, order: number[]) {
    const who = `5511${String(900_000_000 + n).slice(0, 9)}`;
    const id = nextId();
    if (scenario.direction === 'business') {
      await server.postWebhook(grant(`wamid.G-${id}`, who, T - 60));
      dialed = id;
      const res = await server.app.inject({ method: 'POST', url: '/api/calls', headers: { cookie }, payload: { businessNumberId: pnid, waId: who, sdp: chromiumOffer } });
      expect(res.json()).toEqual({ callId: id });
    }
    const deliveries = scenario.deliveries(id, who);
    for (const i of order) await server.postWebhook(deliveries[i]);
    const [call] = await db.db.select().from(calls).where(eq(calls.id, id));
    const ledger = await db.db.select({ type: ledgerEntries.type, at: ledgerEntries.at }).from(ledgerEntries)
      .where(and(eq(ledgerEntries.businessNumberId, pnid), eq(ledgerEntries.waId, who), eq(ledgerEntries.entryId, id)));
    const contact: Contact = (await server.app.inject({ url: `/api/contacts/${who}?businessNumberId=${pnid}`, headers: { cookie } })).json();
    const { status, outcome, answeredAt, endedAt, durationSeconds, errorCode } = call!;
    return { record: { status, outcome, answeredAt, endedAt, durationSeconds, errorCode }, ledger, eligibility: { call: contact.eligibility.call, streak: contact.eligibility.streak, permission: contact.eligibility.permission } };
  }

  for (const scenario of scenarios) {
    it.skipIf(skip)(`gives one record, ledger and eligibility for a call ${scenario.name}`, async () => {
      const count = scenario.deliveries('x', 'y').length;
      const inOrder = [...Array(count).keys()];
      const expected = await run(scenario, inOrder);
      expect(expected.record.status).toBe('ended');
      const random = rng(count * 31 + scenario.name.length);
      for (const order of permutations(inOrder)) {
        const withDuplicates = order.flatMap((i) => (random() < 0.35 ? [i, i] : [i]));
        if (random() < 0.5) withDuplicates.splice(Math.floor(random() * withDuplicates.length), 0, order[0]!);
        expect(await run(scenario, withDuplicates), `order ${withDuplicates.join(',')}`).toEqual(expected);
      }
    }, 180_000);
  }
});
