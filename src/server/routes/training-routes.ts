/**
 * The trainer's classroom (`/api/training/*`): customers' behaviour and actions, the clock,
 * scenarios, trainees and the timeline. Trainers act; supervisors may read; agents get 403.
 * Actions proxy to the simulator's control API from here, so its token never reaches a browser;
 * in Meta mode they answer 409 and say what needs the simulator.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { okSchema } from '../../shared/agent-api.ts';
import { AppError } from '../../shared/errors.ts';
import type { ApiRoute } from '../../shared/openapi.ts';
import { formatWaId, waIdSchema } from '../../shared/phone-number.ts';
import type { SimClockView, SimUser } from '../../shared/sim-api.ts';
import {
  addCustomerSchema, advanceClockSchema, customerCallSchema, customerPermissionSchema, scenarioSummarySchema, setBehaviourSchema, timelineQuerySchema,
  timelineSchema, traineeListSchema, trainingClockSchema, trainingCustomerSchema, type Behaviour, type Scenario, type TrainingClock, type TrainingCustomer,
} from '../../shared/training-api.ts';
import { agentStatuses, toAgentSummary } from '../agents/agent-status.ts';
import { requireRole } from '../auth/sessions.ts';
import type { ServerContext } from '../context.ts';
import { addContact } from '../policy/contact-book.ts';
import { runScenario } from '../training/scenarios.ts';
import type { SimulatorControl } from '../training/simulator-control.ts';
import { readTimeline } from '../training/timeline.ts';
import { parseInput } from './parse.ts';

const needsSimulator = { 409: 'Meta mode: this drives the simulator, which only runs in simulator mode' };
const tags = ['training'];

export const trainingApi: ApiRoute[] = [
  { method: 'get', path: '/api/training/timeline', summary: 'The classroom timeline: every Graph request sent and webhook received, with a caption and the JSON (trainer; supervisor read-only)', tags, query: timelineQuerySchema, response: timelineSchema },
  { method: 'get', path: '/api/training/trainees', summary: 'Agents and call-taking trainers with what each is doing (trainer; supervisor read-only)', tags, response: traineeListSchema },
  { method: 'get', path: '/api/training/clock', summary: "The simulator's clock: WhatsApp's now (trainer; supervisor read-only)", tags, response: trainingClockSchema, errors: needsSimulator },
  { method: 'post', path: '/api/training/clock', summary: "Fast-forward the simulator's clock; every agent's panel re-reads at once", tags, body: advanceClockSchema, response: trainingClockSchema, errors: needsSimulator },
  { method: 'get', path: '/api/training/scenarios', summary: 'The one-click scenarios, each with what the class should watch (trainer; supervisor read-only)', tags, response: z.array(scenarioSummarySchema) },
  { method: 'post', path: '/api/training/scenarios/{id}', summary: 'Reset the sandbox to the seed and run a scenario', tags, response: scenarioSummarySchema, errors: { 404: 'No such scenario', ...needsSimulator } },
  { method: 'get', path: '/api/training/users', summary: 'The simulated WhatsApp users with their behaviour (trainer; supervisor read-only)', tags, response: z.array(trainingCustomerSchema), errors: needsSimulator },
  { method: 'post', path: '/api/training/users', summary: 'Add a simulated WhatsApp user by number (as typed); also a contact for agents', tags, body: addCustomerSchema, response: trainingCustomerSchema, errors: { 400: 'Not a valid phone number', ...needsSimulator } },
  { method: 'put', path: '/api/training/users/{waId}', summary: 'Set what the user does when a business calls: answers after N s, declines, never answers, busy, not on WhatsApp', tags, body: setBehaviourSchema, response: trainingCustomerSchema, errors: needsSimulator },
  { method: 'post', path: '/api/training/users/{waId}/calls', summary: 'The user calls a business number, optionally from a call button or deep link (payload)', tags, body: customerCallSchema, response: z.object({ callId: z.string() }), errors: needsSimulator },
  { method: 'post', path: '/api/training/users/{waId}/permissions', summary: 'The user grants (temporary or permanent), declines the open request, or revokes', tags, body: customerPermissionSchema, response: okSchema, errors: needsSimulator },
];

/** The behaviour a trainer sees, from the simulator's script. */
export function behaviourOf(u: SimUser): Behaviour {
  if (!u.on_whatsapp) return { kind: 'not_on_whatsapp' };
  switch (u.on_call) {
    case 'answer': return { kind: 'answers', afterSeconds: u.answer_after_ms / 1000 };
    case 'decline': return { kind: 'declines' };
    case 'ignore': return { kind: 'never_answers' };
    case 'busy': return { kind: 'busy' };
  }
}

/** The simulator's script for a behaviour. */
export function scriptOf(b: Behaviour) {
  if (b.kind === 'not_on_whatsapp') return { on_whatsapp: false };
  const onCall = { answers: 'answer', declines: 'decline', never_answers: 'ignore', busy: 'busy' } as const;
  return { on_whatsapp: true, on_call: onCall[b.kind], ...(b.kind === 'answers' ? { answer_after_ms: Math.round(b.afterSeconds * 1000) } : {}) };
}

const toCustomer = (u: SimUser): TrainingCustomer => ({ waId: u.wa_id, name: u.name, displayNumber: formatWaId(u.wa_id), behaviour: behaviourOf(u), phoneOpen: u.phone_attached });
const toClock = (c: SimClockView): TrainingClock => ({ now: new Date(c.now).toISOString(), offsetMs: c.offset_ms });

type WaIdParams = { Params: { waId: string } };

export function trainingRoutes(app: FastifyInstance, ctx: ServerContext, opts: { sim: SimulatorControl | null; scenarios: Scenario[] }) {
  const readers = requireRole('trainer', 'supervisor');
  const trainers = requireRole('trainer');
  const simulator = (): SimulatorControl => {
    if (!opts.sim) throw new AppError({ code: 'conflict', message: "Ringside runs against Meta: the classroom's customers, clock and scenarios drive the simulator. Start Ringside in simulator mode (RINGSIDE_MODE=simulator) to use them." });
    return opts.sim;
  };
  const waIdOf = (params: { waId: string }) => parseInput(z.object({ waId: waIdSchema }), params).waId;

  app.get('/api/training/timeline', { preHandler: readers }, async (request) => {
    const { after, limit } = parseInput(timelineQuerySchema, request.query);
    return { entries: await readTimeline(ctx.db, after, limit) };
  });

  app.get('/api/training/trainees', { preHandler: readers }, async () => [...(await agentStatuses(ctx.db, ctx.wallNow())).values()].map(toAgentSummary));

  app.get('/api/training/clock', { preHandler: readers }, async () => toClock(await simulator().request<SimClockView>('GET', '/clock')));
  app.post('/api/training/clock', { preHandler: trainers }, async (request) => {
    const { advanceMs } = parseInput(advanceClockSchema, request.body);
    const clock = await simulator().request<SimClockView>('POST', '/clock', { advance_ms: advanceMs });
    await simulator().worldChanged();
    return toClock(clock);
  });

  const summary = (s: Scenario) => ({ id: s.id, title: s.title, caption: s.caption, outcome: s.outcome });
  app.get('/api/training/scenarios', { preHandler: readers }, async () => opts.scenarios.map(summary));
  app.post<{ Params: { id: string } }>('/api/training/scenarios/:id', { preHandler: trainers }, async (request) => {
    const scenario = opts.scenarios.find((s) => s.id === request.params.id);
    if (!scenario) throw new AppError({ code: 'not_found', message: 'No such scenario.' });
    await runScenario(ctx, simulator(), scenario);
    return summary(scenario);
  });

  app.get('/api/training/users', { preHandler: readers }, async () => (await simulator().request<SimUser[]>('GET', '/users')).map(toCustomer));

  app.post('/api/training/users', { preHandler: trainers }, async (request, reply) => {
    const input = parseInput(addCustomerSchema, request.body);
    const user = await simulator().request<SimUser>('POST', '/users', { number: input.number, ...(input.name ? { name: input.name } : {}) });
    const { created } = await addContact(ctx.db, user.wa_id, input.name ?? user.name);
    if (created) await ctx.bus.publish({ kind: 'all' }, { type: 'contacts.reset' });
    reply.code(201);
    return toCustomer(user);
  });

  app.put<WaIdParams>('/api/training/users/:waId', { preHandler: trainers }, async (request) => {
    const { behaviour } = parseInput(setBehaviourSchema, request.body);
    return toCustomer(await simulator().request<SimUser>('PUT', `/users/${waIdOf(request.params)}`, scriptOf(behaviour)));
  });

  app.post<WaIdParams>('/api/training/users/:waId/calls', { preHandler: trainers }, async (request) => {
    const input = parseInput(customerCallSchema, request.body);
    const placed = await simulator().request<{ call_id: string }>('POST', `/users/${waIdOf(request.params)}/calls`, {
      phone_number_id: input.businessNumberId,
      ...(input.ctaPayload ? { cta_payload: input.ctaPayload } : {}),
      ...(input.deeplinkPayload ? { deeplink_payload: input.deeplinkPayload } : {}),
    });
    return { callId: placed.call_id };
  });

  app.post<WaIdParams>('/api/training/users/:waId/permissions', { preHandler: trainers }, async (request) => {
    const input = parseInput(customerPermissionSchema, request.body);
    await simulator().request('POST', `/users/${waIdOf(request.params)}/permissions`, { phone_number_id: input.businessNumberId, action: input.action });
    return { ok: true as const };
  });
}
