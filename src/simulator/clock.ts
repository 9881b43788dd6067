/**
 * The simulator's one clock. Every timer and limit of the simulated Meta side follows it: ring
 * timeouts, the 20 s media timer, scripted answer delays, 7-day permission expiry. `advance(ms)`
 * moves it forward and fires the timers that fall due, in order, so a test or a trainer can skip
 * a 30 s ring or a week of permission lifetime without waiting.
 *
 * In real-time mode (the default) the clock is wall time plus an offset, and timers also fire
 * as real time passes; in manual mode (unit tests) time only moves through `advance`.
 */

/** A pending timer; `cancel` is idempotent. */
export interface SimTimer {
  cancel(): void;
}

export interface SimClock {
  /** Simulated epoch ms. */
  now(): number;
  /** Runs `fn` once `delayMs` of simulated time has passed. */
  setTimer(delayMs: number, fn: () => void): SimTimer;
  /** Moves simulated time forward by `ms`, firing due timers in time order; returns the new `now()`. */
  advance(ms: number): number;
  /** How far the clock runs ahead of its base (wall time, or the manual start): what `advance` added. */
  offset(): number;
  /**
   * Puts the offset back to what a persisted world recorded (at start, before any timer exists):
   * the clock resumes where it stood; in real-time mode the time the process was down has passed.
   */
  restoreOffset(offsetMs: number): void;
  /** Cancels every timer and puts the offset back to 0. */
  reset(): void;
  /** Stops the real-time wake-up; pending timers never fire afterwards. */
  dispose(): void;
}

export interface SimClockOptions {
  /** Follow wall time (default true). False: time moves only through `advance`. */
  realTime?: boolean;
  /** Manual mode only: the starting time in epoch ms (default: wall time at creation). */
  start?: number;
}

interface Entry {
  due: number;
  fn: () => void;
  cancelled: boolean;
}

// setTimeout's delay is a signed 32-bit ms count; longer waits re-arm when they wake.
const MAX_REAL_DELAY_MS = 2 ** 31 - 1;

/** Creates a clock; see the module comment for the two modes. */
export function createSimClock(options: SimClockOptions = {}): SimClock {
  const realTime = options.realTime ?? true;
  const base = realTime ? 0 : (options.start ?? Date.now());
  let offset = 0;
  let disposed = false;
  let wake: ReturnType<typeof setTimeout> | undefined;
  const entries: Entry[] = [];

  const now = () => (realTime ? Date.now() : base) + offset;

  function insert(entry: Entry): void {
    let i = entries.length;
    // Equal due times keep scheduling order.
    while (i > 0 && entries[i - 1]!.due > entry.due) i--;
    entries.splice(i, 0, entry);
  }

  function fire(entry: Entry): void {
    try {
      entry.fn();
    } catch (err) {
      console.error('simulator timer failed:', err);
    }
  }

  function arm(): void {
    if (wake) clearTimeout(wake);
    wake = undefined;
    if (!realTime || disposed) return;
    const next = entries[0];
    if (!next) return;
    wake = setTimeout(runDue, Math.min(MAX_REAL_DELAY_MS, Math.max(0, next.due - now())));
    wake.unref?.();
  }

  function runDue(): void {
    for (let next = entries[0]; next && next.due <= now(); next = entries[0]) {
      entries.shift();
      if (!next.cancelled) fire(next);
    }
    arm();
  }

  return {
    now,
    setTimer(delayMs, fn) {
      const entry: Entry = { due: now() + Math.max(0, delayMs), fn, cancelled: false };
      insert(entry);
      if (entries[0] === entry) arm();
      return {
        cancel() {
          if (entry.cancelled) return;
          entry.cancelled = true;
          const i = entries.indexOf(entry);
          if (i >= 0) entries.splice(i, 1);
        },
      };
    },
    advance(ms) {
      const target = now() + Math.max(0, ms);
      // Jump to each due timer in turn so callbacks see now() == their due time, and timers they
      // schedule inside the window fire in the same advance.
      for (let next = entries[0]; next && next.due <= target; next = entries[0]) {
        entries.shift();
        offset += Math.max(0, next.due - now());
        if (!next.cancelled) fire(next);
      }
      offset += Math.max(0, target - now());
      arm();
      return now();
    },
    offset: () => offset,
    restoreOffset(offsetMs) {
      offset = Math.max(0, offsetMs);
      arm();
    },
    reset() {
      for (const entry of entries) entry.cancelled = true;
      entries.length = 0;
      offset = 0;
      arm();
    },
    dispose() {
      disposed = true;
      arm();
    },
  };
}
