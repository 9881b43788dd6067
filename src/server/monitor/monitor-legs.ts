/**
 * Monitoring legs (listen, whisper, barge) as the server sees them: an audit row per leg, and the
 * events that let the agent's page and the supervisor's page signal to each other. The media runs
 * browser to browser; the server only relays and records. One leg per supervisor and call: a new
 * mode replaces the running leg.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import type { MonitorMode, MonitorSession } from '../../shared/monitor-api.ts';
import type { ServerContext } from '../context.ts';
import type { Db } from '../db/open-db.ts';
import { callSubject, lockSubject } from '../db/locks.ts';
import { calls, monitorSessions } from '../db/schema.ts';
import type { Publish } from '../events/event-bus.ts';

interface Supervisor { id: string; displayName: string }

const to = (...userIds: string[]) => ({ kind: 'users' as const, userIds });

async function closeLegs(tx: Db, publish: Publish, rows: Array<typeof monitorSessions.$inferSelect>, reason: string, at: Date) {
  for (const row of rows) {
    await tx.update(monitorSessions).set({ endedAt: at, endReason: reason }).where(eq(monitorSessions.id, row.id));
    publish(to(row.agentId, row.supervisorId), { type: 'monitor.ended', sessionId: row.id, callId: row.callId });
  }
}

/** Opens a leg on a call in progress; the agent's page is told and starts the connection. */
export async function startMonitoring(ctx: ServerContext, callId: string, supervisor: Supervisor, mode: MonitorMode): Promise<MonitorSession> {
  return ctx.bus.transaction(async (tx, publish) => {
    await lockSubject(tx, callSubject(callId));
    const [call] = await tx.select({ status: calls.status, agentId: calls.agentId }).from(calls).where(eq(calls.id, callId));
    if (!call) throw new AppError({ code: 'not_found', message: 'No such call.' });
    if (call.status !== 'active' || !call.agentId) throw new AppError({ code: 'conflict', message: 'Only a call in progress can be monitored.' });
    const running = await tx.select().from(monitorSessions)
      .where(and(eq(monitorSessions.callId, callId), eq(monitorSessions.supervisorId, supervisor.id), isNull(monitorSessions.endedAt)));
    const at = ctx.wallNow();
    await closeLegs(tx, publish, running, 'replaced', at);
    const [row] = await tx.insert(monitorSessions).values({ callId, supervisorId: supervisor.id, agentId: call.agentId, mode, startedAt: at }).returning();
    const session: MonitorSession = { id: row!.id, callId, mode, supervisorId: supervisor.id, supervisorName: supervisor.displayName, agentId: call.agentId };
    publish(to(call.agentId, supervisor.id), { type: 'monitor.started', session });
    return session;
  });
}

/** Relays a signal from one side of an open leg to the other; only the leg's supervisor and agent may. */
export async function relaySignal(ctx: ServerContext, callId: string, sessionId: string, from: { id: string }, signal: Record<string, unknown>): Promise<void> {
  await ctx.bus.transaction(async (tx, publish) => {
    const [leg] = await tx.select().from(monitorSessions).where(and(eq(monitorSessions.id, sessionId), eq(monitorSessions.callId, callId)));
    if (!leg || leg.endedAt) throw new AppError({ code: 'not_found', message: 'No such monitoring session in progress.' });
    if (from.id === leg.supervisorId) publish(to(leg.agentId), { type: 'monitor.signal', sessionId, callId, from: 'supervisor', signal });
    else if (from.id === leg.agentId) publish(to(leg.supervisorId), { type: 'monitor.signal', sessionId, callId, from: 'agent', signal });
    else throw new AppError({ code: 'forbidden', message: 'This monitoring session is not yours.' });
  });
}

/** The supervisor ends a leg. */
export async function stopMonitoring(ctx: ServerContext, callId: string, sessionId: string, supervisor: { id: string }): Promise<void> {
  await ctx.bus.transaction(async (tx, publish) => {
    const rows = await tx.select().from(monitorSessions)
      .where(and(eq(monitorSessions.id, sessionId), eq(monitorSessions.callId, callId), eq(monitorSessions.supervisorId, supervisor.id), isNull(monitorSessions.endedAt)));
    await closeLegs(tx, publish, rows, 'stopped', ctx.wallNow());
  });
}

/** A call ended: every leg on it ends (called inside the transaction that ends the call). */
export async function endMonitoringOf(tx: Db, callId: string, publish: Publish, at: Date): Promise<void> {
  const rows = await tx.select().from(monitorSessions).where(and(eq(monitorSessions.callId, callId), isNull(monitorSessions.endedAt)));
  await closeLegs(tx, publish, rows, 'call_ended', at);
}
