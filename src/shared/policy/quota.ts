/**
 * Rolling-window counting, the one primitive behind the call limit and both request limits.
 */
import type { QuotaView } from './eligibility.ts';
import type { QuotaLimit } from './profiles.ts';

/**
 * Usage of `limit` at `now` for events at `times` (ascending, none after `now`).
 * An event counts while `at > now - windowMs`: 24 h minus 1 s after it, it still counts; at
 * exactly 24 h it has left. Events at or before `since` never count: that is how "limits reset on
 * a connected call" is applied (seed restrictions guide, "Request limits").
 */
export function rollingWindow(times: readonly number[], limit: QuotaLimit, now: number, since: number | null = null): QuotaView {
  const from = since === null ? now - limit.windowMs : Math.max(now - limit.windowMs, since);
  const counted = times.filter((at) => at > from);
  const used = counted.length;
  const oldest = counted[0];
  // With `used >= max`, room returns when the (used - max + 1)-th oldest event leaves.
  const blocking = used >= limit.max ? counted[used - limit.max] : undefined;
  return {
    used,
    max: limit.max,
    windowMs: limit.windowMs,
    resetsAt: oldest === undefined ? null : oldest + limit.windowMs,
    nextFreeAt: blocking === undefined ? null : blocking + limit.windowMs,
  };
}
