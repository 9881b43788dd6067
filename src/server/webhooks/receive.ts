/**
 * Receiving a verified delivery: bound it, parse it, clean it, and store it with its elements in
 * one short transaction. Meta gets its 200 once that commits (durable), before anything is applied;
 * applying happens off the request path (`applier.ts`). A retry of a delivery stores nothing new but
 * asks for whatever of it is still unapplied to be applied again.
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { ServerContext } from '../context.ts';
import { webhookDeliveries, webhookEvents } from '../db/schema.ts';
import type { Db } from '../db/open-db.ts';
import { extractElements, type Element } from './elements.ts';
import { cleanJson, excerpt, jsonDepth } from './json-safety.ts';

/** Meta's webhook bodies nest about eight levels deep. */
const maxDepth = 64;

export type ReceiveResult =
  | { kind: 'malformed'; reason: string }
  | { kind: 'accepted'; duplicate: boolean; elements: number; stored: number; kept: number; subjects: string[]; fresh: Element[] };

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export async function receiveDelivery(ctx: ServerContext, raw: Buffer, served: ReadonlySet<string>): Promise<ReceiveResult> {
  const bodySha256 = createHash('sha256').update(raw).digest('hex');
  const text = raw.toString('utf8');
  const refuse = async (reason: string): Promise<ReceiveResult> => {
    await ctx.db.insert(webhookDeliveries).values({ bodySha256, raw, verdict: `malformed: ${reason}` });
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

  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [prior] = await tx.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(eq(webhookDeliveries.bodySha256, bodySha256)).limit(1);
    const [delivery] = await tx.insert(webhookDeliveries).values({ bodySha256, raw, duplicate: !!prior }).returning({ id: webhookDeliveries.id });
    let fresh: Element[] = [];
    if (elements.length > 0) {
      const rows = await tx.insert(webhookEvents).values(elements.map((e) => ({
        eventKey: e.key, subject: e.subject, kind: e.kind, deliveryId: delivery!.id, occurredAt: e.occurredAt, payload: e.event,
        applied: e.note !== null, note: e.note,
      }))).onConflictDoNothing().returning({ eventKey: webhookEvents.eventKey });
      const keys = new Set(rows.map((r) => r.eventKey));
      fresh = elements.filter((e) => keys.has(e.key));
    }
    const subjects = [...new Set(elements.filter((e) => e.note === null).map((e) => e.subject))];
    return { kind: 'accepted' as const, duplicate: !!prior, elements: elements.length, stored: fresh.length, fresh, kept: elements.filter((e) => e.note !== null).length, subjects };
  });
}
