/**
 * The simulator's fault switches (`GET|PUT /_sim/faults`): webhooks delivered twice or out of
 * order, and Graph answers replaced by one of Meta's errors.
 */
import { z } from 'zod';
import { isMetaErrorCode } from './meta-errors.ts';

/** The Graph endpoints a `graph_errors` rule can name. */
export const graphEndpointSchema = z.enum(['calls', 'messages', 'call_permissions', 'settings']);
export const graphCallActionSchema = z.enum(['connect', 'pre_accept', 'accept', 'reject', 'terminate']);

/**
 * One `graph_errors` rule: the next `times` answers of an endpoint (or of one `/calls` action),
 * optionally on one business number, are Meta's error `code` in Meta's envelope, with the catalog's
 * HTTP status (`src/shared/meta-errors.ts`). The request then has no other effect.
 */
export const graphErrorRuleSchema = z.object({
  endpoint: graphEndpointSchema.optional(),
  action: graphCallActionSchema.optional(),
  phone_number_id: z.string().min(1).optional(),
  code: z.number().int().refine(isMetaErrorCode, "code must be one of Meta's calling error codes (src/shared/meta-errors.ts)"),
  times: z.number().int().min(1).max(10_000).default(1),
  /** `error_data.details`; default: the catalog's title. */
  details: z.string().min(1).max(1000).optional(),
}).strict()
  .refine((r) => r.endpoint !== undefined || r.action !== undefined, 'name an endpoint or a /calls action')
  .refine((r) => r.action === undefined || r.endpoint === undefined || r.endpoint === 'calls', 'an action belongs to the calls endpoint');
export type GraphErrorRule = z.infer<typeof graphErrorRuleSchema>;

/** `PUT /_sim/faults`: any subset; the answer is the whole fault state. */
export const simFaultsPatchSchema = z.object({
  /** Deliver every webhook twice (same bytes, same signature), for idempotency tests. */
  duplicate_webhooks: z.boolean().optional(),
  /**
   * Webhooks of one call are no longer delivered in order: each goes out after its own random delay
   * (0 to `reorder_max_delay_ms` of real time), so a terminate can overtake its connect.
   */
  reorder_webhooks: z.boolean().optional(),
  reorder_max_delay_ms: z.number().int().min(0).max(10_000).optional(),
  /** Seeds the delays so a run can be replayed; null = unseeded. */
  reorder_seed: z.number().int().min(0).max(2 ** 32 - 1).nullable().optional(),
  /** Replaces the pending injected Graph errors ([] clears them). */
  graph_errors: z.array(graphErrorRuleSchema).max(100).optional(),
}).strict();
export type SimFaultsPatch = z.infer<typeof simFaultsPatchSchema>;
export const simFaultsSchema = z.object({
  duplicate_webhooks: z.boolean(),
  reorder_webhooks: z.boolean(),
  reorder_max_delay_ms: z.number().int(),
  reorder_seed: z.number().int().nullable(),
  /** Pending rules, with the answers each still has to spoil. */
  graph_errors: z.array(z.object({
    endpoint: graphEndpointSchema.optional(),
    action: graphCallActionSchema.optional(),
    phone_number_id: z.string().optional(),
    code: z.number().int(),
    remaining: z.number().int(),
    details: z.string().optional(),
  })),
});
export type SimFaults = z.infer<typeof simFaultsSchema>;
