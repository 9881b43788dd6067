/**
 * Receiving a verified delivery: bound it, parse it, clean it, and store it with its elements in
 * one short transaction. Meta gets its 200 once that commits (durable), before anything is applied;
 * applying happens off the request path (`applier.ts`). A retry of a delivery stores nothing new but
 * asks for whatever of it is still unapplied to be applied again.
 */
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { ServerContext } from '../context.ts';
import { extractElements, type Element } from './elements.ts';
import { cleanJson, excerpt, jsonDepth } from './json-safety.ts';

/** Meta's webhook bodies nest about eight levels deep. */
const maxDepth = 64;

export type ReceiveResult =
  | { kind: 'malformed'; reason: string }
  | { kind: 'accepted'; duplicate: boolean; elements: number; stored: number; kept: number; subjects: string[]; fresh: Element[] };

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * One statement stores the delivery (or counts another copy of the same bytes) and its new elements:
 * a single round trip to the database, atomic without an explicit transaction.
 */
async function store(ctx: ServerContext, bodySha256: string, raw: Buffer, verdict: string, elements: Element[]): Promise<{ fresh: boolean; keys: Set<string> }> {
  const rows = elements.map((e) => ({
    event_key: e.key, subject: e.subject, kind: e.kind, occurred_at: e.occurredAt.toISOString(), payload: e.event, applied: e.note !== null, note: e.note,
  }));
  const result = await ctx.db.execute<{ fresh: boolean; keys: string[] }>(sql`
    with d as (
      insert into webhook_deliveries (body_sha256, raw, verdict) values (${bodySha256}, ${raw}, ${verdict})
      on conflict (body_sha256) do update set copies = webhook_deliveries.copies + 1, last_received_at = now()
      returning id, (xmax = 0) as fresh
    ), e as (
      insert into webhook_events (event_key, subject, kind, delivery_id, occurred_at, payload, applied, note)
      select x.event_key, x.subject, x.kind, d.id, x.occurred_at, x.payload, x.applied, x.note
      from d, jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as x(event_key text, subject text, kind text, occurred_at timestamptz, payload jsonb, applied boolean, note text)
      on conflict (event_key) do nothing
      returning event_key
    )
    select d.fresh, coalesce((select array_agg(event_key) from e), '{}') as keys from d`);
  const row = (result as unknown as { rows: Array<{ fresh: boolean; keys: string[] }> }).rows[0]!;
  return { fresh: row.fresh, keys: new Set(row.keys) };
}

export async function receiveDelivery(ctx: ServerContext, raw: Buffer, served: ReadonlySet<string>): Promise<ReceiveResult> {
  const bodySha256 = createHash('sha256').update(raw).digest('hex');
  const text = raw.toString('utf8');
  const refuse = async (reason: string): Promise<ReceiveResult> => {
    await store(ctx, bodySha256, raw, `malformed: ${reason}`, []);
    ctx.log.warn({ reason, body: excerpt(text) }, 'Refused a signed webhook delivery');
    return { kind: 'malformed', reason };
  };
  if (jsonDepth(text, maxDepth) > maxDepth) return refuse(`JSON nested deeper than ${maxDepth} levels`);
  let json: unknown;
  try {
    json = cleanJson(JSON.parse(text));
  } catch {
    return refuse('Body is not valid JSON');
  }
  if (!isRecord(json) || json.object !== 'whatsapp_business_account' || !Array.isArray(json.entry)) {
    return refuse('Not a WhatsApp Business Account webhook (object "whatsapp_business_account" with entry[])');
  }

  const elements = extractElements(json, served);
  for (const e of elements) if (e.note) ctx.log.warn({ kind: e.kind, note: e.note, element: excerpt(JSON.stringify(e.event) ?? '') }, 'Kept a webhook element without applying it');
  const { fresh, keys } = await store(ctx, bodySha256, raw, 'accepted', elements);
  const subjects = [...new Set(elements.filter((e) => e.note === null).map((e) => e.subject))];
  const stored = elements.filter((e) => keys.has(e.key));
  return { kind: 'accepted', duplicate: !fresh, elements: elements.length, stored: stored.length, fresh: stored, kept: elements.filter((e) => e.note !== null).length, subjects };
}
