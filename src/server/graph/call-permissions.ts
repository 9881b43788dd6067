/**
 * Reads Meta's `call_permissions` answer (reference §4.5) into WhatsApp's facts about a pair
 * (`shared/policy/meta-facts.ts`). Tolerant of Meta's variants; an answer it cannot read is
 * reported as such with what was wrong — never as a failed call or request.
 */
import { z } from 'zod';
import { callPermissionsAnswerSchema, type CallPermissionsAnswer } from '../../shared/meta-api.ts';
import type { MetaAction, MetaAnswer, MetaLimit } from '../../shared/policy/meta-facts.ts';
import { DAY_MS, WEEK_MS } from '../../shared/policy/durations.ts';

export type CallPermissionsReading =
  | { readable: true; answer: MetaAnswer }
  | { readable: false; problem: string };

/** Meta's ISO-8601 periods we know; other periods are ignored. */
const periods: Record<string, number> = { PT24H: DAY_MS, P1D: DAY_MS, P7D: WEEK_MS };

type RawAction = CallPermissionsAnswer['actions'][number];

function limitOf(action: RawAction, windowMs: number): MetaLimit | null {
  const raw = action.limits.find((l) => periods[l.time_period.toUpperCase()] === windowMs);
  if (!raw) return null;
  return { used: raw.current_usage, max: raw.max_allowed, windowMs, freesAt: raw.limit_expiration_time === undefined ? null : raw.limit_expiration_time * 1000 };
}

function actionOf(answer: CallPermissionsAnswer, name: string): MetaAction | null {
  const action = answer.actions.find((a) => a.action_name === name);
  if (!action) return null;
  return { allowed: action.can_perform_action, day: limitOf(action, DAY_MS), week: limitOf(action, WEEK_MS) };
}

/** The answer as WhatsApp's facts at `at` (when we asked), or why it could not be read. */
export function readCallPermissions(body: unknown, at: number): CallPermissionsReading {
  const parsed = callPermissionsAnswerSchema.safeParse(body);
  if (!parsed.success) return { readable: false, problem: z.prettifyError(parsed.error) };
  const { permission } = parsed.data;
  const expiresAt = permission.expiration_time ?? permission.expiration;
  return {
    readable: true,
    answer: {
      at,
      permission: { status: permission.status, expiresAt: permission.status === 'temporary' && expiresAt !== undefined ? expiresAt * 1000 : null },
      call: actionOf(parsed.data, 'start_call'),
      request: actionOf(parsed.data, 'send_call_permission_request'),
    },
  };
}
