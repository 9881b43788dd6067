import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentEvents, webhookDeliveries, webhookEvents } from './db/schema.ts';
import { purgeOldData } from './maintenance.ts';
import { buildTestServer, metaGraphStandIn, openTestDb, type TestDb } from './test-support.ts';

describe('retention of raw webhook deliveries', () => {
  let db: TestDb;
  let server: Awaited<ReturnType<typeof buildTestServer>>;
  beforeAll(async () => {
    db = await openTestDb('pglite');
    server = await buildTestServer(db, metaGraphStandIn(() => ({ status: 200, body: {} })).fetch);
  });
  afterAll(async () => {
    await server.app.close();
    await db.close();
  });

  it('purges raw deliveries older than the retention and keeps what they carried', async () => {
    const body = { object: 'whatsapp_business_account', entry: [{ id: 'W', changes: [{ field: 'account_update', value: { phone_number: '551140001000', event: 'ACCOUNT_VIOLATION', violation_info: { violation_type: 'USER_INITIATED_CALLS_LOW_PICKUP_RATE' } } }] }] };
    expect((await server.postWebhook(body)).statusCode).toBe(200);
    await server.ctx.bus.publish({ kind: 'all' }, { type: 'contacts.reset' });
    const events = (await db.db.select().from(webhookEvents)).length;
    expect(await purgeOldData(server.ctx, 30)).toEqual({ deliveries: 0, events: 0 });
    server.advanceWall(31 * 24 * 3600_000); // the database stamped them with its own (real) clock
    expect((await purgeOldData(server.ctx, 30)).deliveries).toBeGreaterThan(0);
    expect(await db.db.select().from(webhookDeliveries)).toHaveLength(0);
    expect(await db.db.select().from(agentEvents)).toHaveLength(0);
    expect(await db.db.select().from(webhookEvents)).toHaveLength(events);
  });
});
