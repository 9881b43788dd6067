/**
 * The supervisor's floor (supervisors and trainers, read-only for trainers) and monitoring legs
 * (supervisors open and stop them; the call's agent answers their signals).
 */
import type { FastifyInstance } from 'fastify';
import { floorSnapshotSchema, type FloorSnapshot } from '../../shared/floor-api.ts';
import { monitorRequestSchema, monitorResultSchema } from '../../shared/monitor-api.ts';
import { okSchema } from '../../shared/agent-api.ts';
import { AppError } from '../../shared/errors.ts';
import type { ApiRoute } from '../../shared/openapi.ts';
import { requireRole } from '../auth/sessions.ts';
import type { ServerContext } from '../context.ts';
import { floorSnapshot } from '../floor/floor-snapshot.ts';
import { relaySignal, startMonitoring, stopMonitoring } from '../monitor/monitor-legs.ts';
import { parseInput } from './parse.ts';

export const floorApi: ApiRoute[] = [
  { method: 'get', path: '/api/floor', summary: "The supervisor's floor: live calls, agents, today's figures per business number, consent and quota risk", tags: ['floor'], response: floorSnapshotSchema, errors: { 403: 'Agents have no floor view' } },
  {
    method: 'post', path: '/api/calls/{id}/monitor',
    summary: 'Listen, whisper or barge on a call in progress: start (supervisor; answers the session id), stop (supervisor), signal (the session\'s supervisor or the call\'s agent; relayed as a monitor.signal event). Every leg is written to the monitoring audit log',
    tags: ['floor'], body: monitorRequestSchema, response: monitorResultSchema.or(okSchema), errors: { 403: 'Only supervisors monitor; only the two ends of a session signal', 404: 'No such call or session', 409: 'The call is not in progress' },
  },
];

type IdParams = { Params: { id: string } };

export function floorRoutes(app: FastifyInstance, ctx: ServerContext) {
  app.get('/api/floor', { preHandler: requireRole('supervisor', 'trainer') }, async (): Promise<FloorSnapshot> => floorSnapshot(ctx));

  app.post<IdParams>('/api/calls/:id/monitor', { preHandler: requireRole('supervisor', 'agent', 'trainer') }, async (request) => {
    const input = parseInput(monitorRequestSchema, request.body);
    const me = request.user!;
    const callId = request.params.id;
    if (input.action === 'signal') {
      await relaySignal(ctx, callId, input.sessionId, me, input.signal);
      return { ok: true as const };
    }
    // Listening in is the supervisor's alone; the agent side only answers signals.
    if (me.role !== 'supervisor') throw new AppError({ code: 'forbidden', message: 'Only supervisors can listen, whisper or barge.' });
    if (input.action === 'start') return { sessionId: (await startMonitoring(ctx, callId, me, input.mode)).id };
    await stopMonitoring(ctx, callId, input.sessionId, me);
    return { ok: true as const };
  });
}
