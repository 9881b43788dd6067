/**
 * Fixed-window counters by key, in this process's memory. Each instance counts on its own, so
 * behind N instances a client gets up to N times the limit: enough to make guessing passwords slow.
 */
export type Take = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Counts one attempt for `key`, or refuses it (uncounted) once the window's limit is reached. */
  take(key: string): Take;
  /** Forgets `key` (e.g. after a successful sign-in). */
  reset(key: string): void;
  /** Keys currently held; bounded by `maxKeys`. */
  size(): number;
}

export interface RateLimit { limit: number; windowMs: number }

export function createRateLimiter(opts: RateLimit & { now: () => Date; maxKeys?: number }): RateLimiter {
  const maxKeys = opts.maxKeys ?? 10_000;
  const windows = new Map<string, { count: number; endsAt: number }>();

  const makeRoom = (now: number) => {
    for (const [key, w] of windows) if (w.endsAt <= now) windows.delete(key);
    // Still full of live windows: drop the oldest, so a flood of new keys cannot grow memory.
    while (windows.size >= maxKeys) windows.delete(windows.keys().next().value!);
  };

  return {
    take(key) {
      const now = opts.now().getTime();
      const current = windows.get(key);
      if (!current || current.endsAt <= now) {
        if (!current && windows.size >= maxKeys) makeRoom(now);
        windows.set(key, { count: 1, endsAt: now + opts.windowMs });
        return { ok: true };
      }
      if (current.count >= opts.limit) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((current.endsAt - now) / 1000)) };
      current.count++;
      return { ok: true };
    },
    reset: (key) => { windows.delete(key); },
    size: () => windows.size,
  };
}
