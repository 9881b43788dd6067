/**
 * Listen, whisper and barge: a supervisor's browser-to-browser leg to the agent's page. The
 * server relays signalling (`POST /api/calls/{id}/monitor`) and events; media never passes it.
 */
import { z } from 'zod';
import { monitorModes } from './monitor-modes.ts';

export { monitorModes, type MonitorMode } from './monitor-modes.ts';
export const monitorModeSchema = z.enum(monitorModes);

/** A simple-peer signal: an SDP or a candidate, relayed untouched (bounded in size). */
const signalSchema = z.record(z.string(), z.unknown()).refine((v) => JSON.stringify(v).length <= 20_000, 'Signal too large');

export const monitorRequestSchema = z.discriminatedUnion('action', [
  /** Supervisor: opens a leg in this mode (a running leg of the same supervisor on the call ends). */
  z.object({ action: z.literal('start'), mode: monitorModeSchema }),
  /** Supervisor or the call's agent: passes a signal to the other side. */
  z.object({ action: z.literal('signal'), sessionId: z.string().min(1).max(100), signal: signalSchema }),
  /** Supervisor: ends the leg. */
  z.object({ action: z.literal('stop'), sessionId: z.string().min(1).max(100) }),
]);
export type MonitorRequest = z.infer<typeof monitorRequestSchema>;

export const monitorResultSchema = z.object({ sessionId: z.string() });

export const monitorSessionSchema = z.object({
  id: z.string(),
  callId: z.string(),
  mode: monitorModeSchema,
  supervisorId: z.string(),
  supervisorName: z.string(),
  agentId: z.string(),
});
export type MonitorSession = z.infer<typeof monitorSessionSchema>;

/** One row of the monitoring audit log. */
export const monitorAuditSchema = z.object({
  id: z.string(), callId: z.string(), supervisorId: z.string(), mode: monitorModeSchema,
  startedAt: z.string(), endedAt: z.string().nullable(), endReason: z.string().nullable(),
});
