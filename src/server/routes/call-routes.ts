/** The agent's call actions and the recent-calls list. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { answerSdpSchema, callSummarySchema, okSchema, placeCallResultSchema, placeCallSchema, preAcceptResultSchema } from '../../shared/agent-api.ts';
import type { ApiRoute } from '../../shared/openapi.ts';
import { requireRole } from '../auth/sessions.ts';
import type { ServerContext } from '../context.ts';
import type { CallService } from '../calls/call-service.ts';
import { recentCalls } from '../calls/call-repo.ts';
import { parseInput } from './parse.ts';

const listQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

export const callApi: ApiRoute[] = [
  { method: 'get', path: '/api/calls', summary: "Recent calls, newest first: an agent's own (held, rung for, declined), everyone's for supervisors and trainers (history with filters: /api/call-pages)", tags: ['calls'], query: listQuerySchema, response: z.array(callSummarySchema) },
  { method: 'post', path: '/api/calls', summary: "Place a business-initiated call with the browser's SDP offer", tags: ['calls'], body: placeCallSchema, response: placeCallResultSchema, errors: { 422: "Meta refused the call; body carries Meta's code (138006…)" } },
  { method: 'post', path: '/api/calls/{id}/pre-accept', summary: "Send the browser's answer early (only when one agent rings)", tags: ['calls'], body: answerSdpSchema, response: preAcceptResultSchema },
  { method: 'post', path: '/api/calls/{id}/accept', summary: 'Answer an inbound call; the first agent wins', tags: ['calls'], body: answerSdpSchema, response: okSchema, errors: { 409: 'Another agent answered first' } },
  { method: 'post', path: '/api/calls/{id}/reject', summary: 'Decline a ringing call for this agent', tags: ['calls'], response: okSchema },
  { method: 'post', path: '/api/calls/{id}/hangup', summary: "End the agent's call", tags: ['calls'], response: okSchema },
];

type IdParams = { Params: { id: string } };

export function callRoutes(app: FastifyInstance, ctx: ServerContext, service: CallService) {
  const anyone = requireRole('agent', 'supervisor', 'trainer');
  const callers = requireRole('agent', 'trainer');
  const agentOf = (request: { user: { id: string; displayName: string } | null }) => request.user!;

  app.get('/api/calls', { preHandler: anyone }, async (request) => {
    const { limit } = parseInput(listQuerySchema, request.query);
    const me = request.user!;
    return recentCalls(ctx.db, limit, me.role === 'agent' ? me.id : undefined);
  });

  app.post('/api/calls', { preHandler: callers }, async (request) => {
    const input = parseInput(placeCallSchema, request.body);
    return { callId: await service.place(agentOf(request), input) };
  });

  app.post<IdParams>('/api/calls/:id/pre-accept', { preHandler: callers }, async (request) => {
    const { sdp } = parseInput(answerSdpSchema, request.body);
    return { forwarded: await service.preAccept(agentOf(request), request.params.id, sdp) };
  });

  app.post<IdParams>('/api/calls/:id/accept', { preHandler: callers }, async (request) => {
    const { sdp } = parseInput(answerSdpSchema, request.body);
    await service.accept(agentOf(request), request.params.id, sdp);
    return { ok: true };
  });

  app.post<IdParams>('/api/calls/:id/reject', { preHandler: callers }, async (request) => {
    await service.reject(agentOf(request), request.params.id);
    return { ok: true };
  });

  app.post<IdParams>('/api/calls/:id/hangup', { preHandler: callers }, async (request) => {
    await service.hangUp(agentOf(request), request.params.id);
    return { ok: true };
  });
}
