/** Validates an input with its zod schema; failures become a 400 naming the field. */
import type { z } from 'zod';
import { AppError } from '../../shared/errors.ts';

export function parseInput<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.');
  const code = issue?.path.includes('waId') ? 'invalid_number' : 'bad_request';
  throw new AppError({ code, message: field ? `${field}: ${issue?.message}` : (issue?.message ?? 'Invalid request') });
}
