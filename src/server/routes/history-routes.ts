/**
 * What happened: the call history (an agent's own, or everyone's for supervisors and trainers), one
 * call, the after-call disposition and notes (by the call's agent only), a contact's timeline, the
 * queue of customers waiting, and the deployment's disposition list.
 */
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import {
  businessNumberQuerySchema, callPageQuerySchema, callPageSchema, callSummarySchema, callWrapUpSchema, dispositionsSchema, queueSchema, timelineSchema,
  type CallPage, type CallSummary, type Timeline,
} from '../../shared/agent-api.ts';
import { customerIdSchema } from '../../shared/customer-id.ts';
import { defaultDispositions } from '../../shared/dispositions.ts';
import { AppError } from '../../shared/errors.ts';
import type { ApiRoute } from '../../shared/openapi.ts';
import { requireRole, type SessionUser } from '../auth/sessions.ts';
import { callPage } from '../calls/call-pages.ts';
import { involves, loadSummary } from '../calls/call-repo.ts';
import { contactTimeline } from '../calls/contact-timeline.ts';
import { waitingCount } from '../calls/queue.ts';
import type { ServerContext } from '../context.ts';
import { callSubject, lockSubject } from '../db/locks.ts';
import { calls } from '../db/schema.ts';
import { parseInput } from './parse.ts';

export const historyApi: ApiRoute[] = [
  {
    method: 'get', path: '/api/call-pages', summary: "A page of the call history, newest first: the agent's own calls (`scope=mine`) or everyone's (`scope=all`, supervisors and trainers), by outcome, direction, name or number, and time; keyset `after`",
    tags: ['calls'], query: callPageQuerySchema, response: callPageSchema, errors: { 403: 'All calls: supervisors and trainers only' },
  },
  { method: 'get', path: '/api/calls/{id}', summary: 'One call (an agent sees the calls she held, was rung for or declined)', tags: ['calls'], response: callSummarySchema, errors: { 403: 'Not your call', 404: 'No such call' } },
  {
    method: 'patch', path: '/api/calls/{id}', summary: "After-call work: the call's disposition (one of the deployment's list) and notes; by the call's agent only",
    tags: ['calls'], body: callWrapUpSchema, response: callSummarySchema, errors: { 400: 'Not one of the dispositions', 403: 'Not your call', 404: 'No such call' },
  },
  { method: 'get', path: '/api/contacts/{waId}/timeline', summary: "A contact's timeline on a line: calls with outcomes, dispositions and notes, permission requests and replies", tags: ['directory'], query: businessNumberQuerySchema, response: timelineSchema },
  { method: 'get', path: '/api/queue', summary: 'Customers waiting because nobody available could be rung', tags: ['calls'], response: queueSchema },
  { method: 'get', path: '/api/dispositions', summary: "The deployment's after-call dispositions (DISPOSITIONS)", tags: ['calls'], response: dispositionsSchema },
];

type IdParams = { Params: { id: string } };
type WaIdParams = { Params: { waId: string } };

const seesEveryCall = (user: SessionUser) => user.role === 'supervisor' || user.role === 'trainer';

export function historyRoutes(app: FastifyInstance, ctx: ServerContext) {
  const anyone = requireRole('agent', 'supervisor', 'trainer');
  const callers = requireRole('agent', 'trainer');
  const dispositions = ctx.dispositions ?? defaultDispositions;

  app.get('/api/call-pages', { preHandler: anyone }, async (request): Promise<CallPage> => {
    const query = parseInput(callPageQuerySchema, request.query);
    const me = request.user!;
    if (query.scope === 'all' && !seesEveryCall(me)) throw new AppError({ code: 'forbidden', message: 'All calls are for supervisors and trainers; you see your own.' });
    const { scope, ...filter } = query;
    return callPage(ctx.db, { ...filter, ...(scope === 'mine' ? { agentId: me.id } : {}) });
  });

  app.get<IdParams>('/api/calls/:id', { preHandler: anyone }, async (request): Promise<CallSummary> => {
    const me = request.user!;
    const summary = await loadSummary(ctx.db, request.params.id);
    if (!summary) throw new AppError({ code: 'not_found', message: 'No such call.' });
    if (!seesEveryCall(me)) {
      const [mine] = await ctx.db.select({ id: calls.id }).from(calls).where(involvesCall(request.params.id, me.id));
      if (!mine) throw new AppError({ code: 'forbidden', message: 'This is not your call.' });
    }
    return summary;
  });

  app.patch<IdParams>('/api/calls/:id', { preHandler: callers }, async (request): Promise<CallSummary> => {
    const input = parseInput(callWrapUpSchema, request.body);
    if (input.disposition && !dispositions.includes(input.disposition)) {
      throw new AppError({ code: 'bad_request', message: `Pick one of the dispositions: ${dispositions.join(', ')}.` });
    }
    const me = request.user!;
    await ctx.bus.transaction(async (tx) => {
      await lockSubject(tx, callSubject(request.params.id));
      const [call] = await tx.select({ agentId: calls.agentId }).from(calls).where(eq(calls.id, request.params.id));
      if (!call) throw new AppError({ code: 'not_found', message: 'No such call.' });
      if (call.agentId !== me.id) throw new AppError({ code: 'forbidden', message: 'Only the agent who took the call can note its outcome.' });
      await tx.update(calls).set({
        ...(input.disposition !== undefined ? { disposition: input.disposition } : {}),
        ...(input.notes !== undefined ? { notes: input.notes?.trim() || null } : {}),
        dispositionAt: ctx.wallNow(),
      }).where(eq(calls.id, request.params.id));
    });
    return (await loadSummary(ctx.db, request.params.id))!;
  });

  app.get<WaIdParams>('/api/contacts/:waId/timeline', { preHandler: anyone }, async (request): Promise<Timeline> => {
    const { businessNumberId } = parseInput(businessNumberQuerySchema, request.query);
    return { items: await contactTimeline(ctx.db, businessNumberId, parseInput(customerIdSchema, request.params.waId)) };
  });

  app.get('/api/queue', { preHandler: anyone }, async () => ({ waiting: await waitingCount(ctx) }));
  app.get('/api/dispositions', { preHandler: anyone }, async () => ({ dispositions: [...dispositions] }));
}

const involvesCall = (callId: string, agentId: string) => and(eq(calls.id, callId), involves(agentId));
