/**
 * Two instances on one PostgreSQL: webhooks land on either, agents are connected to either.
 * Nothing is lost: events of any size reach agents on the other instance, and hundreds of calls'
 * deliveries in flight at once are all applied, with no error and no call left ringing.
 */
import { eq, inArray, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calls, users } from '../db/schema.ts';
import { closeStream, openStream } from '../events/agent-streams.ts';
import { buildTestServer, callsWebhook, chromiumOffer, metaGraphStandIn, openTestDb, postgresAvailable, type TestDb } from '../test-support.ts';

const display = '551140001000';
const T = Math.floor(new Date('2026-11-22T09:59:00Z').getTime() / 1000);
const envelope = callsWebhook;
const caller = (i: number) => `5511${String(970_000_000 + i)}`;
const connect = (id: string, from: string, sdp = chromiumOffer) => envelope({
  contacts: [{ profile: { name: `Caller ${from.slice(-4)}` }, wa_id: from }],
  calls: [{ id, from, to: display, event: 'connect', timestamp: String(T), direction: 'USER_INITIATED', session: { sdp_type: 'offer', sdp } }],
});
const ringing = (id: string, to: string) => envelope({ statuses: [{ id, timestamp: String(T + 1), type: 'call', status: 'RINGING', recipient_id: to }] });
const terminate = (id: string, from: string) => envelope({ calls: [{ id, from, to: display, event: 'terminate', timestamp: String(T + 20), direction: 'USER_INITIATED', status: 'COMPLETED' }] });

const pgUp = await postgresAvailable();
if (!pgUp) console.warn('Skipping the two-instance tests: no PostgreSQL answers at TEST_DATABASE_URL.');

describe.skipIf(!pgUp)('two instances on one PostgreSQL', () => {
  let db: TestDb;
  let a: Awaited<ReturnType<typeof buildTestServer>>;
  let b: Awaited<ReturnType<typeof buildTestServer>>;
  const graph = metaGraphStandIn(() => ({ status: 200, body: { messaging_product: 'whatsapp', success: true } }));

  beforeAll(async () => {
    db = await openTestDb('postgres');
    a = await buildTestServer(db, graph.fetch, { databaseUrl: db.url! });
    b = await buildTestServer(db, graph.fetch, { databaseUrl: db.url!, seed: false });
  });
  afterAll(async () => {
    await a.app.close();
    await b.app.close();
    await db.close();
  });

  it('rings an agent on the other instance with a connect carrying a 9 kB offer', async () => {
    await b.online('ana.agent');
    const bigOffer = chromiumOffer.replace('a=ice-ufrag', `${'a=candidate:9 1 udp 2113937151 10.1.2.3 50000 typ host generation 0\r\n'.repeat(130)}a=ice-ufrag`);
    expect(bigOffer.length).toBeGreaterThan(9000);
    const res = await a.postWebhook(connect('wacid.BIG-OFFER', caller(0), bigOffer));
    expect(res.statusCode).toBe(200);
    await expect.poll(() => b.published.find((p) => p.event.type === 'call.incoming' && p.event.call.id === 'wacid.BIG-OFFER')?.event, { timeout: 10_000 })
      .toMatchObject({ type: 'call.incoming', offerSdp: bigOffer });
  });

  it('keeps ringing an agent who closed her page on one instance while another stays open on the other', async () => {
    const [ben] = await db.db.select({ id: users.id }).from(users).where(eq(users.username, 'ben.agent'));
    await openStream(db.db, ben!.id, a.runtime.instanceId, a.ctx.wallNow());
    const onB = await openStream(db.db, ben!.id, b.runtime.instanceId, b.ctx.wallNow());
    await closeStream(db.db, onB, b.ctx.wallNow()); // what b's event route does when that page closes
    await b.postWebhook(connect('wacid.TWO-TABS', caller(500)));
    await expect.poll(() => a.published.some((p) => p.event.type === 'call.incoming' && p.event.call.id === 'wacid.TWO-TABS'
      && p.to.kind === 'users' && p.to.userIds.includes(ben!.id)), { timeout: 10_000 }).toBe(true);
  });

  it("applies 200 calls' connect, RINGING and terminate delivered at once to either instance: 0 errors, 0 calls left ringing", async () => {
    const ids = Array.from({ length: 200 }, (_, i) => `wacid.BURST-${i}`);
    const deliveries = ids.flatMap((id, i) => [connect(id, caller(i + 1)), ringing(id, caller(i + 1)), terminate(id, caller(i + 1))]);
    // Any order across the burst: a deterministic shuffle.
    let x = 42;
    const random = () => ((x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
    }
    const results = await Promise.all(deliveries.map((d, i) => (i % 2 === 0 ? a : b).postWebhook(d, { settle: false })));
    expect(results.filter((r) => r.statusCode !== 200).map((r) => `${r.statusCode} ${r.body.slice(0, 200)}`)).toEqual([]);
    await Promise.all([a.runtime.applier.idle(), b.runtime.applier.idle()]);
    await a.runtime.applier.sweep(); // what either left for the other
    await Promise.all([a.runtime.applier.idle(), b.runtime.applier.idle()]);
    const rows = await db.db.select({ id: calls.id, status: calls.status }).from(calls).where(inArray(calls.id, ids));
    expect(rows).toHaveLength(200);
    expect(rows.filter((r) => r.status !== 'ended')).toEqual([]);
    const burst = await db.db.select({ id: calls.id }).from(calls).where(like(calls.id, 'wacid.BURST-%'));
    expect(burst).toHaveLength(200);
  }, 120_000);
});
