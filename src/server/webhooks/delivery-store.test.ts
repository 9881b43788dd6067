/**
 * Deliveries arriving together are stored together (one statement per batch): each body once with
 * its copies counted, each element once, and every request told truthfully whether its bytes were
 * new and which elements it stored. Any mix of fresh bodies, copies and shared elements, at once.
 */
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDb } from '../db/open-db.ts';
import { webhookDeliveries, webhookEvents } from '../db/schema.ts';
import { openTestDb, postgresAvailable } from '../test-support.ts';
import { createDeliveryStore, type DeliveryToStore } from './delivery-store.ts';
import type { Element } from './elements.ts';

const element = (key: string): Element => ({
  key, subject: `call:${key}`, kind: 'calls.connect', occurredAt: new Date('2026-11-22T10:00:00Z'), note: null,
  event: { type: 'kept', field: 'test', value: { key } },
} as unknown as Element);
const delivery = (body: string, keys: string[]): DeliveryToStore => ({ bodySha256: `sha-${body}`, raw: Buffer.from(body), verdict: 'accepted', elements: keys.map(element) });

const kinds = ['pglite', 'postgres'] as const;
const pgUp = await postgresAvailable();

describe.each(kinds)('the delivery store on %s', (kind) => {
  const skip = kind === 'postgres' && !pgUp;
  if (skip) console.warn('Skipping the PostgreSQL run of the delivery store tests: no PostgreSQL answers at TEST_DATABASE_URL.');
  let db: OpenDb;
  beforeAll(async () => { if (!skip) db = await openTestDb(kind); });
  afterAll(async () => { if (!skip) await db.close(); });

  it.skipIf(skip)('stores a burst at once: bodies once with their copies, elements once, each request told what it stored', async () => {
    let statements = 0;
    const store = createDeliveryStore(db.db, async (work) => { statements++; return work(); });
    // 40 deliveries: 30 distinct bodies, body b0 three times, b1 twice more, b2 and b3 sharing element k-shared.
    const burst = [
      ...Array.from({ length: 30 }, (_, i) => delivery(`b${i}`, i === 2 || i === 3 ? [`k${i}`, 'k-shared'] : [`k${i}`])),
      delivery('b0', ['k0']), delivery('b0', ['k0']), delivery('b1', ['k1']), delivery('b1', ['k1']),
      ...Array.from({ length: 6 }, (_, i) => delivery(`b${10 + i}`, [`k${10 + i}`])),
    ];
    const results = await Promise.all(burst.map((d) => store.store(d)));
    expect(statements).toBeLessThan(burst.length / 2); // grouped, not one statement each

    const fresh = results.filter((r) => r.fresh).length;
    expect(fresh).toBe(30);
    const keysStored = results.flatMap((r) => [...r.keys]);
    expect(keysStored.filter((k) => k === 'k-shared')).toHaveLength(1);
    expect(new Set(keysStored).size).toBe(keysStored.length);
    expect(new Set(keysStored)).toEqual(new Set([...Array.from({ length: 30 }, (_, i) => `k${i}`), 'k-shared']));

    const rows = await db.db.select().from(webhookDeliveries).where(inArray(webhookDeliveries.bodySha256, burst.map((d) => d.bodySha256)));
    expect(rows).toHaveLength(30);
    const copies = Object.fromEntries(rows.map((r) => [r.bodySha256, r.copies]));
    expect(copies['sha-b0']).toBe(3);
    expect(copies['sha-b1']).toBe(3);
    expect(copies['sha-b10']).toBe(2);
    expect(copies['sha-b29']).toBe(1);
    expect(Buffer.from(rows.find((r) => r.bodySha256 === 'sha-b7')!.raw).toString()).toBe('b7'); // bytes exactly as received
    const events = await db.db.select({ key: webhookEvents.eventKey }).from(webhookEvents);
    expect(events.filter((e) => e.key === 'k-shared')).toHaveLength(1);
  });

  it.skipIf(skip)('a delivery the database refuses fails alone; the rest of its batch is stored', async () => {
    const store = createDeliveryStore(db.db);
    const bad = delivery('bad', ['k-bad']);
    (bad.elements[0] as { occurredAt: unknown }).occurredAt = { toISOString: () => 'not a time' };
    const outcomes = await Promise.allSettled([delivery('g1', ['kg1']), bad, delivery('g2', ['kg2'])].map((d) => store.store(d)));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const stored = await db.db.select().from(webhookDeliveries).where(inArray(webhookDeliveries.bodySha256, ['sha-g1', 'sha-g2', 'sha-bad']));
    expect(stored.map((r) => r.bodySha256).sort()).toEqual(['sha-g1', 'sha-g2']);
  });
});
