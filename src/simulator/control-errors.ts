/**
 * Errors of the simulator's own control API (`/_sim/...`): the `{ error: { code, message } }` body
 * of `src/shared/errors.ts`, so the phone page and tests parse one shape everywhere.
 */
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { appErrorStatus, type AppErrorBody, type AppErrorCode } from '../shared/errors.ts';
import { waIdSchema } from '../shared/phone-number.ts';

/** A refused control-API request (unknown user or call, an action that does not fit the call's state). */
export class ControlError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }

  get status(): number {
    return appErrorStatus[this.code];
  }

  toBody(): { error: AppErrorBody } {
    return { error: { code: this.code, message: this.message } };
  }
}

/** Parses a request part with a shared schema; failures are 400 bad_request with zod's reasons. */
export function parseOr400<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ControlError('bad_request', result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
}

/** The wa_id path parameter, validated. */
export function waIdParam(req: FastifyRequest): string {
  return parseOr400(waIdSchema, (req.params as { waId?: string }).waId);
}
