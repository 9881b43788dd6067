/**
 * Applies one stored Meta event to our state, exactly once, under a lock on the event row (and the
 * call row), then publishes what agents need to know. Events about calls we do not know yet stay
 * unapplied and are applied when the call appears (`applyPendingEvents`).
 */
import { and, asc, eq } from 'drizzle-orm';
import type { AgentEvent } from '../../shared/agent-api.ts';
import type { Db } from '../db/open-db.ts';
import { webhookEvents } from '../db/schema.ts';
import type { Audience } from '../events/event-bus.ts';
import type { ServerContext } from '../context.ts';
import { storedEventSchema } from './extract-events.ts';
import { applyCallEvent, applyStatusEvent } from './apply-call-event.ts';
import { applyMessageEvent } from './apply-message-event.ts';
import { applyAccountChange } from '../restrictions/apply-account-change.ts';

export type Publish = (to: Audience, event: AgentEvent) => void;

export async function applyEvent(ctx: ServerContext, eventId: number): Promise<boolean> {
  const outbox: Array<[Audience, AgentEvent]> = [];
  const publish: Publish = (to, event) => outbox.push([to, event]);
  const applied = await ctx.db.transaction(async (tx) => {
    const [row] = await tx.select().from(webhookEvents).where(eq(webhookEvents.id, eventId)).for('update');
    if (!row || row.applied) return false;
    const stored = storedEventSchema.parse(row.payload);
    const txDb = tx as unknown as Db;
    let done = false;
    switch (stored.type) {
      case 'call': done = await applyCallEvent(txDb, ctx, stored, publish); break;
      case 'status': done = await applyStatusEvent(txDb, ctx, stored, publish); break;
      case 'message': done = await applyMessageEvent(txDb, ctx, stored, row.occurredAt, publish); break;
      case 'unknown':
        // WhatsApp's word on a business number (restrictions, settings): server/restrictions/.
        // These values carry no time of their own; they count from when they reach us.
        done = await applyAccountChange(txDb, ctx, { field: stored.field, value: stored.value, at: ctx.now() }, publish);
        if (!done) ctx.log.warn({ eventKey: row.eventKey }, 'Kept a webhook change we do not handle');
        break;
    }
    if (done) await tx.update(webhookEvents).set({ applied: true }).where(eq(webhookEvents.id, eventId));
    else if (stored.type !== 'unknown') ctx.log.info({ eventKey: row.eventKey }, 'Kept an event for a call we do not know yet');
    return done;
  });
  for (const [to, event] of outbox) await ctx.bus.publish(to, event);
  return applied;
}

/** Applies, in Meta's order, the events that arrived for a call before we knew it. */
export async function applyPendingEvents(ctx: ServerContext, callId: string): Promise<void> {
  const pending = await ctx.db.select({ id: webhookEvents.id }).from(webhookEvents)
    .where(and(eq(webhookEvents.subject, callId), eq(webhookEvents.applied, false)))
    .orderBy(asc(webhookEvents.occurredAt), asc(webhookEvents.id));
  for (const { id } of pending) await applyEvent(ctx, id);
}
