/**
 * Stores verified deliveries durably, many at once: while one statement is in flight, deliveries
 * that arrive wait and go together in the next (group commit). Under load, Meta's acks then cost
 * one round trip per batch instead of one each; alone, a delivery is stored at once.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/open-db.ts';
import type { Element } from './elements.ts';

export interface DeliveryToStore {
  bodySha256: string;
  raw: Buffer;
  verdict: string;
  elements: readonly Element[];
}

/** `fresh`: these bytes were new (not a copy of a stored delivery). `keys`: the elements this delivery stored first. */
export interface Stored { fresh: boolean; keys: ReadonlySet<string> }

export interface DeliveryStore {
  store(delivery: DeliveryToStore): Promise<Stored>;
}

/** One statement's worth: Meta sends at most 1000 updates per delivery; a batch stays far below the body limits. */
const maxBatch = 200;

interface Waiting { delivery: DeliveryToStore; resolve: (s: Stored) => void; reject: (err: unknown) => void }

/**
 * One statement for a batch: each distinct body is inserted or counted as another copy (copies of
 * the same bytes within the batch count together), then the elements of each stored body, each
 * event key kept once (`on conflict do nothing` also settles a key two deliveries of the batch share).
 */
async function storeBatch(db: Db, batch: readonly DeliveryToStore[]): Promise<Map<string, { fresh: boolean; keys: string[] }>> {
  const bodies = new Map<string, { body_sha256: string; raw: string; verdict: string; copies: number }>();
  const events: Array<Record<string, unknown>> = [];
  for (const d of batch) {
    const known = bodies.get(d.bodySha256);
    if (known) { known.copies++; continue; }
    bodies.set(d.bodySha256, { body_sha256: d.bodySha256, raw: d.raw.toString('base64'), verdict: d.verdict, copies: 1 });
    for (const e of d.elements) {
      events.push({ body_sha256: d.bodySha256, event_key: e.key, subject: e.subject, kind: e.kind, occurred_at: e.occurredAt.toISOString(), payload: e.event, applied: e.note !== null, note: e.note });
    }
  }
  const result = await db.execute<{ body_sha256: string; fresh: boolean; keys: string[] }>(sql`
    with d as (
      insert into webhook_deliveries (body_sha256, raw, verdict, copies)
      select x.body_sha256, decode(x.raw, 'base64'), x.verdict, x.copies
      from jsonb_to_recordset(${JSON.stringify([...bodies.values()])}::jsonb) as x(body_sha256 text, raw text, verdict text, copies int)
      on conflict (body_sha256) do update set copies = webhook_deliveries.copies + excluded.copies, last_received_at = now()
      returning id, body_sha256, (xmax = 0) as fresh
    ), e as (
      insert into webhook_events (event_key, subject, kind, delivery_id, occurred_at, payload, applied, note)
      select x.event_key, x.subject, x.kind, d.id, x.occurred_at, x.payload, x.applied, x.note
      from jsonb_to_recordset(${JSON.stringify(events)}::jsonb)
        as x(body_sha256 text, event_key text, subject text, kind text, occurred_at timestamptz, payload jsonb, applied boolean, note text)
      join d on d.body_sha256 = x.body_sha256
      on conflict (event_key) do nothing
      returning event_key, delivery_id
    )
    select d.body_sha256, d.fresh, coalesce((select array_agg(e.event_key) from e where e.delivery_id = d.id), '{}') as keys from d`);
  const rows = (result as unknown as { rows: Array<{ body_sha256: string; fresh: boolean; keys: string[] }> }).rows;
  return new Map(rows.map((r) => [r.body_sha256, { fresh: r.fresh, keys: r.keys }]));
}

/** `around` wraps each statement (the applier's acks-first gate). */
function settle(batch: readonly Waiting[], stored: Map<string, { fresh: boolean; keys: string[] }>): void {
  const claimed = new Set<string>();
  for (const w of batch) {
    const row = stored.get(w.delivery.bodySha256);
    if (!row) { w.reject(new Error('The delivery was not stored')); continue; }
    // The first of the batch's copies of a body takes its outcome; the others are copies.
    const first = !claimed.has(w.delivery.bodySha256);
    claimed.add(w.delivery.bodySha256);
    w.resolve(first ? { fresh: row.fresh, keys: new Set(row.keys) } : { fresh: false, keys: new Set() });
  }
}

export function createDeliveryStore(db: Db, around: <T>(work: () => Promise<T>) => Promise<T> = (work) => work()): DeliveryStore {
  const waiting: Waiting[] = [];
  let flushing = false;

  const flush = async (): Promise<void> => {
    flushing = true;
    while (waiting.length > 0) {
      const batch = waiting.splice(0, maxBatch);
      try {
        settle(batch, await around(() => storeBatch(db, batch.map((w) => w.delivery))));
      } catch (err) {
        if (batch.length === 1) { batch[0]!.reject(err); continue; }
        // One delivery the database refuses must not fail the others: each is tried alone.
        for (const w of batch) await around(() => storeBatch(db, [w.delivery])).then((stored) => settle([w], stored), w.reject);
      }
    }
    flushing = false;
  };

  return {
    store(delivery) {
      return new Promise<Stored>((resolve, reject) => {
        waiting.push({ delivery, resolve, reject });
        if (!flushing) void flush();
      });
    },
  };
}
