/**
 * Turns one webhook delivery into the distinct Meta events it carries. Each event gets a key that
 * is the same however often Meta delivers it, so retries and duplicates are recognised.
 */
import { z } from 'zod';
import { customerOfCall, customerOfMessage, webhookCallSchema, webhookMessageSchema, webhookStatusSchema, webhookValueSchema, type WebhookEnvelope } from '../../shared/meta-api.ts';

const webhookErrorLite = z.object({ code: z.number().int(), message: z.string().optional(), title: z.string().optional() }).loose();

export const storedEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call'), phoneNumberId: z.string(), contactName: z.string().nullable(), call: webhookCallSchema, valueErrors: z.array(webhookErrorLite) }),
  z.object({ type: z.literal('status'), phoneNumberId: z.string(), status: webhookStatusSchema }),
  z.object({ type: z.literal('message'), phoneNumberId: z.string(), contactName: z.string().nullable(), message: webhookMessageSchema }),
  z.object({ type: z.literal('unknown'), field: z.string(), value: z.unknown() }),
]);
export type StoredEvent = z.infer<typeof storedEventSchema>;

export interface ExtractedEvent {
  key: string;
  kind: string;
  subject: string;
  occurredAt: Date;
  event: StoredEvent;
}

const at = (seconds: number) => new Date(seconds * 1000);

export function extractEvents(envelope: WebhookEnvelope, deliveryId: number): ExtractedEvent[] {
  const out: ExtractedEvent[] = [];
  envelope.entry.forEach((entry, ei) => entry.changes.forEach((change, ci) => {
    const value = webhookValueSchema.safeParse(change.value);
    const unknown = () => out.push({
      key: `unknown:${deliveryId}:${ei}:${ci}`, kind: `unknown.${change.field}`, subject: 'unknown', occurredAt: new Date(),
      event: { type: 'unknown', field: change.field, value: change.value },
    });
    if (!value.success || (change.field !== 'calls' && change.field !== 'messages')) return unknown();
    const v = value.data;
    const phoneNumberId = v.metadata.phone_number_id;
    const nameOf = (waId: string) => v.contacts?.find((c) => c.wa_id === waId)?.profile?.name ?? null;
    for (const call of v.calls ?? []) {
      const userWaId = customerOfCall(call) ?? '';
      out.push({
        key: `call:${call.id}:${call.event}`, kind: `call.${call.event}`, subject: call.id, occurredAt: at(call.timestamp),
        event: { type: 'call', phoneNumberId, contactName: nameOf(userWaId), call, valueErrors: v.errors ?? [] },
      });
    }
    for (const status of v.statuses ?? []) {
      out.push({
        key: `call:${status.id}:status:${status.status}`, kind: `status.${status.status}`, subject: status.id, occurredAt: at(status.timestamp),
        event: { type: 'status', phoneNumberId, status },
      });
    }
    for (const message of v.messages ?? []) {
      out.push({
        key: `message:${message.id}`, kind: `message.${message.interactive?.type ?? message.type ?? 'unknown'}`, subject: customerOfMessage(message) ?? 'unknown',
        occurredAt: at(message.timestamp), event: { type: 'message', phoneNumberId, contactName: nameOf(customerOfMessage(message) ?? ''), message },
      });
    }
    if (!v.calls && !v.statuses && !v.messages) unknown();
  }));
  return out;
}
