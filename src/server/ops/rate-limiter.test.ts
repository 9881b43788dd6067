import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limiter.ts';

/** A small deterministic generator, so a failing sequence can be replayed from its seed. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

describe('rate limiter', () => {
  it('never admits more than twice the limit for a key in any window-long span, over random sequences of attempts', () => {
    for (let seed = 1; seed <= 50; seed++) {
      const next = random(seed);
      let now = 0;
      const limit = 1 + Math.floor(next() * 5);
      const windowMs = 1000 + Math.floor(next() * 5000);
      const limiter = createRateLimiter({ limit, windowMs, now: () => new Date(now) });
      const admitted = new Map<string, number[]>();
      for (let i = 0; i < 400; i++) {
        now += Math.floor(next() * 400);
        const key = `k${Math.floor(next() * 3)}`;
        const take = limiter.take(key);
        if (take.ok) (admitted.get(key) ?? admitted.set(key, []).get(key)!).push(now);
        else expect(take.retryAfterSeconds, `seed ${seed}`).toBeGreaterThan(0);
      }
      for (const times of admitted.values()) {
        // Fixed windows: within any window-long span, at most twice the limit (the boundary case).
        for (let i = 2 * limit; i < times.length; i++) expect(times[i]! - times[i - 2 * limit]!, `seed ${seed}`).toBeGreaterThanOrEqual(windowMs);
      }
    }
  });

  it('says when to retry, admits again once the window ends, and forgets a key on reset', () => {
    let now = 0;
    const limiter = createRateLimiter({ limit: 2, windowMs: 10_000, now: () => new Date(now) });
    expect([limiter.take('a'), limiter.take('a')]).toEqual([{ ok: true }, { ok: true }]);
    now = 2_500;
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 8 });
    limiter.reset('a');
    expect(limiter.take('a')).toEqual({ ok: true });
    now = 12_500;
    expect(limiter.take('a')).toEqual({ ok: true });
  });

  it('holds at most maxKeys keys however many arrive', () => {
    let now = 0;
    const limiter = createRateLimiter({ limit: 1, windowMs: 60_000, now: () => new Date(now), maxKeys: 100 });
    for (let i = 0; i < 10_000; i++) {
      now += 1;
      limiter.take(`address-${i}`);
    }
    expect(limiter.size()).toBeLessThanOrEqual(100);
    expect(limiter.take('address-9999')).toMatchObject({ ok: false });
  });
});
