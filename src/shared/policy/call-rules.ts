/**
 * Business-initiated and user-initiated calls for one pair.
 */
import type { CallEligibility, PermissionView, Refusal, UserCallEligibility } from './eligibility.ts';
import { rollingWindow } from './quota.ts';
import { nextPossible, type RuleContext } from './rule-context.ts';

/** 138006 in its four shapes, or null while a permission is in force. */
function permissionRefusal(permission: PermissionView, streakCount: number, revokeThreshold: number): Refusal | null {
  // endedAt is always set for declined, expired and revoked (permission.ts).
  const ended = permission.endedAt ?? 0;
  switch (permission.state) {
    case 'temporary':
    case 'permanent':
      return null;
    case 'none':
      return { code: 138006, reason: 'no_permission', until: null };
    case 'declined':
      return { code: 138006, reason: 'permission_declined', until: null, declinedAt: ended };
    case 'expired':
      return { code: 138006, reason: 'permission_expired', until: null, expiredAt: ended };
    case 'revoked':
      return {
        code: 138006, reason: 'permission_revoked', until: null, revokedAt: ended,
        unansweredCalls: streakCount >= revokeThreshold ? streakCount : null,
      };
  }
}

/**
 * A business-initiated call, refusals in Meta's `connect` validation order (reference §10.3):
 * calling enabled (138000) → country (138013) → permission (138006) → connected calls in the
 * rolling 24 h (138012) → concurrency (138002).
 */
export function callEligibility(ctx: RuleContext): CallEligibility {
  const { entries, now, limits, permission, streak, profile } = ctx;
  // Only connected business-initiated calls count (reference §4.5: `start_call` counts picked-up calls).
  const connected = entries.filter((e) => e.type === 'call_connected' && e.direction === 'business_initiated').map((e) => e.at);
  const quota = rollingWindow(connected, limits.connectedCalls, now);

  const refusals: Refusal[] = [...ctx.gate];
  const noPermission = permissionRefusal(permission, streak.count, streak.revokeThreshold);
  if (noPermission) refusals.push(noPermission);
  if (quota.nextFreeAt !== null) {
    refusals.push({ code: 138012, reason: 'call_limit', until: quota.nextFreeAt, used: quota.used, max: quota.max, windowMs: quota.windowMs });
  }
  const max = profile.concurrentCalls.outbound;
  if (ctx.active.outbound >= max) {
    refusals.push({ code: 138002, reason: 'concurrency_limit', until: null, direction: 'outbound', active: ctx.active.outbound, max });
  }

  return { ...quota, allowed: refusals.length === 0, refusals, nextPossibleAt: callNextPossibleAt(refusals, permission, now) };
}

/** When every call refusal lifts; a quota that frees only after the temporary permission expires frees nothing. */
export function callNextPossibleAt(refusals: readonly Refusal[], permission: PermissionView, now: number): number | null {
  const at = nextPossible(refusals, now);
  return at !== null && permission.state === 'temporary' && permission.expiresAt !== null && at >= permission.expiresAt ? null : at;
}

/**
 * A call from the customer: available wherever Cloud API is (seed "Availability"), needing only
 * calling enabled and a free inbound slot (over the limit the caller sees "can't place call" and
 * no webhook is sent, reference §5).
 */
export function userCallEligibility(ctx: RuleContext, callingEnabled: boolean): UserCallEligibility {
  const refusals: Refusal[] = callingEnabled ? [] : [{ code: 138000, reason: 'calling_disabled', until: null }];
  const max = ctx.profile.concurrentCalls.inbound;
  if (ctx.active.inbound >= max) {
    refusals.push({ code: 138002, reason: 'concurrency_limit', until: null, direction: 'inbound', active: ctx.active.inbound, max });
  }
  return { allowed: refusals.length === 0, refusals };
}
