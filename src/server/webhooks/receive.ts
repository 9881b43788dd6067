/**
 * Receiving a verified delivery: bound it, parse it, clean it, and store it with its elements in
 * one statement (`delivery-store.ts`, shared with deliveries arriving at the same moment). Meta gets
 * its 200 once that commits (durable), before anything is applied;
 * applying happens off the request path (`applier.ts`). A retry of a delivery stores nothing new but
 * asks for whatever of it is still unapplied to be applied again.
 */
import { createHash } from 'node:crypto';
import type { ServerContext } from '../context.ts';
import type { DeliveryStore } from './delivery-store.ts';
import { extractElements, type Element } from './elements.ts';
import { cleanJson, excerpt, jsonDepth } from './json-safety.ts';

/** Meta's webhook bodies nest about eight levels deep. */
const maxDepth = 64;

export type ReceiveResult =
  | { kind: 'malformed'; reason: string }
  | { kind: 'accepted'; duplicate: boolean; elements: number; stored: number; kept: number; subjects: string[]; fresh: Element[] };

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export async function receiveDelivery(ctx: ServerContext, store: DeliveryStore, raw: Buffer, served: ReadonlySet<string>): Promise<ReceiveResult> {
  const bodySha256 = createHash('sha256').update(raw).digest('hex');
  const text = raw.toString('utf8');
  const refuse = async (reason: string): Promise<ReceiveResult> => {
    await store.store({ bodySha256, raw, verdict: `malformed: ${reason}`, elements: [] });
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
  const { fresh, keys } = await store.store({ bodySha256, raw, verdict: 'accepted', elements });
  const subjects = [...new Set(elements.filter((e) => e.note === null).map((e) => e.subject))];
  const stored = elements.filter((e) => keys.has(e.key));
  return { kind: 'accepted', duplicate: !fresh, elements: elements.length, stored: stored.length, fresh: stored, kept: elements.filter((e) => e.note !== null).length, subjects };
}
