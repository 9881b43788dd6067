/**
 * Housekeeping that keeps storage bounded: raw webhook deliveries are kept for
 * WEBHOOK_RETENTION_DAYS (the applied events and the ledger stay), the outbox of agent events for
 * a day (a reconnecting page replays minutes, not days), closed push-channel rows for a day.
 */
import { lt } from 'drizzle-orm';
import type { ServerContext } from './context.ts';
import { agentEvents, webhookDeliveries } from './db/schema.ts';
import { purgeStreams } from './events/agent-streams.ts';

const dayMs = 24 * 3600_000;

export async function purgeOldData(ctx: ServerContext, retentionDays: number): Promise<{ deliveries: number; events: number }> {
  const now = ctx.wallNow().getTime();
  const deliveries = await ctx.db.delete(webhookDeliveries).where(lt(webhookDeliveries.receivedAt, new Date(now - retentionDays * dayMs))).returning({ id: webhookDeliveries.id });
  const events = await ctx.db.delete(agentEvents).where(lt(agentEvents.createdAt, new Date(now - dayMs))).returning({ id: agentEvents.id });
  await purgeStreams(ctx.db, new Date(now));
  return { deliveries: deliveries.length, events: events.length };
}

export function startMaintenance(ctx: ServerContext, retentionDays: number, everyMs = 3600_000): () => void {
  const run = () => purgeOldData(ctx, retentionDays)
    .then((n) => { if (n.deliveries + n.events > 0) ctx.log.info(n, 'Purged old webhook deliveries and agent events'); })
    .catch((err: unknown) => ctx.log.error({ err: String(err).slice(0, 300) }, 'Purging old data failed'));
  void run();
  const timer = setInterval(() => void run(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
