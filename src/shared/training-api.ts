/**
 * The trainer's classroom contract (`/api/training/*`): customers' behaviour and actions, the
 * clock, scenarios, trainees and the timeline. The server proxies each action to the simulator's
 * control API, so the browser never holds its token. Scenarios are data (`shared/scenarios/*.json`).
 */
import { z } from 'zod';
import { agentSummarySchema } from './agent-api.ts';
import { userPermissionActionSchema } from './sim-api.ts';
import { timelineEntrySchema } from './timeline.ts';

/** What a simulated customer does when a business calls them, as a trainer sets it. */
export const behaviourSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('answers'), afterSeconds: z.number().min(0).max(120) }),
  z.object({ kind: z.literal('declines') }),
  z.object({ kind: z.literal('never_answers') }),
  z.object({ kind: z.literal('busy') }),
  z.object({ kind: z.literal('not_on_whatsapp') }),
]);
export type Behaviour = z.infer<typeof behaviourSchema>;
export const behaviourKinds = ['answers', 'declines', 'never_answers', 'busy', 'not_on_whatsapp'] as const satisfies ReadonlyArray<Behaviour['kind']>;

export const setBehaviourSchema = z.object({ behaviour: behaviourSchema });

/** A simulated WhatsApp user as the classroom lists them. */
export const trainingCustomerSchema = z.object({
  waId: z.string(),
  name: z.string(),
  displayNumber: z.string(),
  behaviour: behaviourSchema,
  /** A person has the user's phone page open: they decide, not the script. */
  phoneOpen: z.boolean(),
});
export type TrainingCustomer = z.infer<typeof trainingCustomerSchema>;

export const addCustomerSchema = z.object({ number: z.string().trim().min(1).max(40), name: z.string().trim().min(1).max(100).optional() });
export const customerCallSchema = z.object({
  businessNumberId: z.string().min(1),
  /** A call button's payload (`cta_payload`). */
  ctaPayload: z.string().min(1).max(512).optional(),
  /** A `wa.me/call` deep link's payload (`deeplink_payload`). */
  deeplinkPayload: z.string().min(1).max(512).optional(),
});
export const customerPermissionSchema = z.object({ businessNumberId: z.string().min(1), action: userPermissionActionSchema });

/** The simulator's clock: WhatsApp's now in simulator mode. */
export const trainingClockSchema = z.object({ now: z.string(), offsetMs: z.number() });
export type TrainingClock = z.infer<typeof trainingClockSchema>;
/** Fast-forward by up to 400 days (the simulator's bound). */
export const advanceClockSchema = z.object({ advanceMs: z.number().int().min(1).max(400 * 24 * 3600 * 1000) });

/** One call to the simulator's control API, relative to `/_sim` (e.g. `PUT /users/5511912345678`). */
export const scenarioStepSchema = z.object({
  method: z.enum(['POST', 'PUT', 'DELETE']),
  path: z.string().regex(/^\/[A-Za-z0-9_\-/.]+$/),
  body: z.unknown().optional(),
});
/** What Ringside does besides the simulator (the simulator cannot make agents go away). */
export const scenarioServerStepSchema = z.object({ server: z.enum(['agents_away']) });

/** A one-click preset: resets the simulated world, then runs its steps; the caption says what to watch. */
export const scenarioSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(1),
  caption: z.string().min(1),
  /** The captioned outcome in one line, as the timeline or an agent's panel shows it. */
  outcome: z.string().min(1),
  /** `seed`: the simulator's reset (its demo world, faults off, clock back at its seed). */
  reset: z.literal('seed'),
  steps: z.array(z.union([scenarioStepSchema, scenarioServerStepSchema])),
}).strict();
export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioStep = Scenario['steps'][number];

export const scenarioSummarySchema = scenarioSchema.pick({ id: true, title: true, caption: true, outcome: true });
export type ScenarioSummary = z.infer<typeof scenarioSummarySchema>;

export const timelineQuerySchema = z.object({
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});
export const timelineSchema = z.object({ entries: z.array(timelineEntrySchema) });

export const traineeListSchema = z.array(agentSummarySchema);
