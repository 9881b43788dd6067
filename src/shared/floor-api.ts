/**
 * The supervisor's floor (`GET /api/floor`): every live call, every agent, today's figures per
 * business number, and the consent and quota risk that only WhatsApp calling has. The server
 * validates with these schemas; the browser (no zod) checks shapes typed by them.
 */
import { z } from 'zod';
import { agentSummarySchema, callSummarySchema } from './agent-api.ts';

const isoTime = z.string();

/** An agent on the floor: state and time in state, plus today's calls and handle time. */
export const floorAgentSchema = agentSummarySchema.extend({
  callsToday: z.number().int(),
  /** Talk time of today's answered calls, seconds. */
  handleSecondsToday: z.number().int(),
});
export type FloorAgent = z.infer<typeof floorAgentSchema>;

/** Today's calls on one business number (or all of them). */
export const dayFiguresSchema = z.object({
  outbound: z.object({ placed: z.number().int(), answered: z.number().int() }),
  inbound: z.object({ received: z.number().int(), answered: z.number().int(), missed: z.number().int() }),
  /** Answered business-initiated calls / placed; null with none placed. */
  outboundPickupRate: z.number().nullable(),
  /** Answered customer calls / received that ended or were answered; null with none. */
  inboundPickupRate: z.number().nullable(),
  averageHandleSeconds: z.number().nullable(),
  /** The longest a customer waited before an answer (or the end), seconds. */
  longestWaitSeconds: z.number().nullable(),
});
export type DayFigures = z.infer<typeof dayFiguresSchema>;

export const floorNumberSchema = z.object({
  businessNumberId: z.string(),
  label: z.string(),
  displayNumber: z.string(),
  figures: dayFiguresSchema,
  /** WhatsApp's `USER_INITIATED_CALLS_LOW_PICKUP_RATE` warning is in view (Meta publishes no threshold). */
  lowPickupWarning: z.boolean(),
  /** `account_update` restrictions in force (types), e.g. RESTRICTED_BUSINESS_INITIATED_CALLING. */
  restrictions: z.array(z.object({ type: z.string(), until: isoTime.nullable(), pausesBusinessCalls: z.boolean() })),
  /** Calls in progress against Meta's per-number ceiling, per direction. */
  concurrency: z.object({ inbound: z.object({ active: z.number().int(), max: z.number().int() }), outbound: z.object({ active: z.number().int(), max: z.number().int() }) }),
});
export type FloorNumber = z.infer<typeof floorNumberSchema>;

export const riskKinds = ['revoke_next', 'reconsider', 'expiring', 'call_limit', 'request_budget'] as const;
export type RiskKind = (typeof riskKinds)[number];

/** One contact at risk on one business number, with the sentence a supervisor reads. */
export const riskRowSchema = z.object({
  kind: z.enum(riskKinds),
  businessNumberId: z.string(),
  numberLabel: z.string(),
  waId: z.string(),
  contactName: z.string(),
  displayNumber: z.string(),
  detail: z.string(),
  /** When it lifts or happens (expiry, next free call); null when it needs an action. */
  at: isoTime.nullable(),
});
export type RiskRow = z.infer<typeof riskRowSchema>;

export const floorSnapshotSchema = z.object({
  /** WhatsApp's clock when the snapshot was taken: call times are on it (the simulator's clock can be moved). */
  serverNow: isoTime,
  calls: z.array(callSummarySchema),
  agents: z.array(floorAgentSchema),
  today: z.object({ since: isoTime, numbers: z.array(floorNumberSchema), total: dayFiguresSchema }),
  risks: z.array(riskRowSchema),
});
export type FloorSnapshot = z.infer<typeof floorSnapshotSchema>;
