/**
 * Meta's per-second rate limits (reference §4.5: `call_permissions`, error 613), as a sliding
 * window of one second of simulator time per key. On the manual clock of tests, time stands still
 * until advanced, so the limit is reached deterministically.
 */
export class PerSecondLimiter {
  private readonly recent = new Map<string, number[]>();

  /** Records a request for `key` at `now` and returns true, or returns false when `max` were made in the last second. */
  take(key: string, now: number, max: number): boolean {
    const inWindow = (this.recent.get(key) ?? []).filter((at) => at > now - 1000 && at <= now);
    const allowed = inWindow.length < max;
    if (allowed) inWindow.push(now);
    this.recent.set(key, inWindow);
    return allowed;
  }

  clear(): void {
    this.recent.clear();
  }
}
