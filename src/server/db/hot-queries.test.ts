/**
 * The hot queries use an index on PostgreSQL. Each is explained with sequential scans switched off:
 * a query that has no usable index still gets a sequential scan (at a prohibitive cost), which the
 * plan shows, so a missing or unusable index fails here rather than at 100k contacts in production.
 */
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, postgresAvailable, type TestDb } from '../test-support.ts';

const pgUp = await postgresAvailable();
if (!pgUp) console.warn('Skipping the EXPLAIN checks: no PostgreSQL answers at TEST_DATABASE_URL.');

const bn = '100000000000001';
const wa = '5511912345678';
const now = new Date('2026-11-22T10:00:00Z');

/** The plans of our hot statements, by what they serve. */
const hot: Record<string, SQL> = {
  'a pair ledger, recent window (policy reads)': sql`select entry from ledger_entries where business_number_id = ${bn} and wa_id = any(${sql.param([wa])}::text[]) and at >= ${now} and at <= ${now}`,
  "a pair's latest fact of a kind (streak, request limits)": sql`select at from ledger_entries where business_number_id = ${bn} and wa_id = ${wa} and type = 'call_connected' and detail = 'business_initiated' and at <= ${now} order by at desc limit 1`,
  'a page of the contact list (keyset)': sql`select wa_id, name from contacts where (name, wa_id) > ('M', '1') order by name, wa_id limit 50`,
  'live calls on a number (concurrency, the floor)': sql`select id from calls where business_number_id = ${bn} and status <> 'ended'`,
  "a pair's calls (the customer-service window)": sql`select max(started_at) from calls where business_number_id = ${bn} and wa_id = any(${sql.param([wa])}::text[])`,
  'webhook events waiting to be applied': sql`select distinct subject from webhook_events where not applied`,
  "a subject's events (the applier)": sql`select * from webhook_events where subject = 'call:x' and applied = false`,
  'an event already stored (dedupe on retries)': sql`select id from webhook_events where event_key = 'call:x:connect'`,
  "an agent's push channels (presence)": sql`select * from agent_streams where user_id = 'u'`,
  'agent events after an id (a reconnecting page)': sql`select * from agent_events where id > 100 order by id limit 500`,
  'raw deliveries past retention': sql`select id from webhook_deliveries where received_at < ${now}`,
};

describe.skipIf(!pgUp)('hot queries use an index on PostgreSQL', () => {
  let db: TestDb;
  beforeAll(async () => { db = await openTestDb('postgres'); });
  afterAll(async () => { await db.close(); });

  it.each(Object.keys(hot))('%s', async (name) => {
    const plan = await db.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const result = await tx.execute(sql`explain ${hot[name]!}`);
      return (result as unknown as { rows: Array<{ 'QUERY PLAN': string }> }).rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan, plan).not.toMatch(/Seq Scan/);
    expect(plan).toMatch(/Index/);
  });
});
