/**
 * Stores a verified webhook delivery (raw and parsed) before acting on it, recognises Meta's
 * retries (same bytes) and duplicate events (same event key), and applies each new event once.
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { webhookEnvelopeSchema } from '../../shared/meta-api.ts';
import { webhookDeliveries, webhookEvents } from '../db/schema.ts';
import type { ServerContext } from '../context.ts';
import { extractEvents } from './extract-events.ts';
import { applyEvent } from './apply-event.ts';

export type IngestResult =
  | { kind: 'malformed'; reason: string }
  | { kind: 'duplicate' }
  | { kind: 'accepted'; events: number; applied: number };

export async function ingestDelivery(ctx: ServerContext, rawBody: Buffer): Promise<IngestResult> {
  const text = rawBody.toString('utf8');
  const bodySha256 = createHash('sha256').update(rawBody).digest('hex');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    await ctx.db.insert(webhookDeliveries).values({ bodySha256, rawBody: text, parsed: null });
    return { kind: 'malformed', reason: 'Body is not valid JSON' };
  }
  const envelope = webhookEnvelopeSchema.safeParse(json);
  const [prior] = await ctx.db.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(eq(webhookDeliveries.bodySha256, bodySha256)).limit(1);
  const [delivery] = await ctx.db.insert(webhookDeliveries).values({ bodySha256, rawBody: text, parsed: json, duplicate: !!prior }).returning({ id: webhookDeliveries.id });
  if (!envelope.success) return { kind: 'malformed', reason: `Not a WhatsApp Business Account webhook: ${envelope.error.issues[0]?.message ?? 'invalid'}` };
  if (prior) return { kind: 'duplicate' };

  let applied = 0;
  const events = extractEvents(envelope.data, delivery!.id);
  for (const e of events) {
    const [row] = await ctx.db.insert(webhookEvents).values({
      eventKey: e.key, subject: e.subject, kind: e.kind, deliveryId: delivery!.id, occurredAt: e.occurredAt, payload: e.event,
    }).onConflictDoNothing().returning({ id: webhookEvents.id });
    if (row && (await applyEvent(ctx, row.id))) applied += 1;
  }
  return { kind: 'accepted', events: events.length, applied };
}
