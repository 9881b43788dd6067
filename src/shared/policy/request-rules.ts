/**
 * Call permission requests for one pair.
 */
import type { QuotaView, Refusal, RequestEligibility } from './eligibility.ts';
import { rollingWindow } from './quota.ts';
import { nextPossible, type RuleContext } from './rule-context.ts';

function limitRefusal(window: QuotaView, period: 'day' | 'week'): Refusal | null {
  if (window.nextFreeAt === null) return null;
  return { code: 138009, reason: 'request_limit', until: window.nextFreeAt, period, used: window.used, max: window.max, windowMs: window.windowMs };
}

/**
 * A permission request. Refusals: calling enabled (138000) → country (138013; a permission only
 * serves business-initiated calls, an inference: Meta documents no code for requests there) →
 * permanent permission (138017) → the decline wait and the day/week limits (138009), latest-lifting
 * first so `refusals[0]` names the binding one.
 */
export function requestEligibility(ctx: RuleContext, serviceWindowOpenUntil: number | null): RequestEligibility {
  const { entries, now, limits, profile, permission, lastDeclineAt } = ctx;
  // Seed guide: the limits "reset whenever a connected call (either business-initiated or
  // user-initiated) occurs": requests at or before the last connected call no longer count.
  const countsSince = entries.filter((e) => e.type === 'call_connected').at(-1)?.at ?? null;
  const sent = entries.filter((e) => e.type === 'permission_requested').map((e) => e.at);
  const day = rollingWindow(sent, limits.requestsPerDay, now, countsSince);
  const week = rollingWindow(sent, limits.requestsPerWeek, now, countsSince);

  // Seed guide: "If the contact declines, you must wait 24 hours". Listed apart from the request
  // limits, so a connected call does not lift it.
  const waitEnd = lastDeclineAt === null ? null : lastDeclineAt + profile.declineWaitMs;
  const declineWaitUntil = waitEnd !== null && now < waitEnd ? waitEnd : null;

  const timed: Refusal[] = [];
  if (declineWaitUntil !== null && lastDeclineAt !== null) {
    timed.push({ code: 138009, reason: 'declined_recently', until: declineWaitUntil, declinedAt: lastDeclineAt });
  }
  for (const refusal of [limitRefusal(day, 'day'), limitRefusal(week, 'week')]) if (refusal) timed.push(refusal);
  timed.sort((a, b) => (b.until ?? 0) - (a.until ?? 0));

  const refusals: Refusal[] = [...ctx.gate];
  // Reference §6: 138017 "permission request not sent: permanent permission already exists".
  if (permission.state === 'permanent') refusals.push({ code: 138017, reason: 'permanent_permission', until: null });
  refusals.push(...timed);

  // Seed guide: free-form inside an open customer-service window, a template when it is closed.
  const windowOpen = serviceWindowOpenUntil !== null && now < serviceWindowOpenUntil;
  return {
    allowed: refusals.length === 0,
    refusals,
    day,
    week,
    declineWaitUntil,
    countsSince,
    nextPossibleAt: nextPossible(refusals, now),
    via: windowOpen ? 'free_form' : 'template',
  };
}
