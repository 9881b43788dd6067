/**
 * WhatsApp's time as the server sees it. With Meta it is wall time. In simulator mode it follows
 * the simulator's clock, which a trainer fast-forwards (a week of permission lifetime in a click):
 * the offset is read from the simulator and re-read every few seconds and after every change we make.
 */
export interface WorldClock {
  now(): Date;
  /** Re-reads the offset now (after a fast-forward, a reset). */
  sync(): Promise<void>;
  start(everyMs?: number): void;
  stop(): void;
}

/** A change of offset larger than this is the simulator's clock moved (fast-forward, reset), not drift. */
const jumpMs = 1000;

/**
 * `readWorldNow` answers the world's current epoch ms; null means wall time. `onJump` hears of a
 * moved clock however it moved (a trainer's fast-forward, a test's reset that rewinds it), so what
 * agents see (expiries, quotas, windows) is re-read at once.
 */
export function createWorldClock(readWorldNow: (() => Promise<number>) | null, onError: (err: unknown) => void = () => undefined, onJump: () => void = () => undefined): WorldClock {
  let offset = 0;
  let synced = false;
  let timer: NodeJS.Timeout | undefined;
  const sync = async () => {
    if (!readWorldNow) return;
    try {
      const before = Date.now();
      const world = await readWorldNow();
      const after = Date.now();
      const next = world - Math.round((before + after) / 2);
      const jumped = synced && Math.abs(next - offset) > jumpMs;
      offset = next;
      synced = true;
      if (jumped) onJump();
    } catch (err) {
      onError(err);
    }
  };
  return {
    now: () => new Date(Date.now() + offset),
    sync,
    start(everyMs = 2000) {
      if (!readWorldNow) return;
      timer = setInterval(() => void sync(), everyMs);
      timer.unref();
    },
    stop: () => clearInterval(timer),
  };
}

/** Reads the simulator's clock over its control API (`GET /_sim/clock`). */
export function simulatorClockReader(simulatorUrl: string, controlToken: string | null): () => Promise<number> {
  return async () => {
    const res = await fetch(`${simulatorUrl}/_sim/clock`, {
      headers: controlToken ? { authorization: `Bearer ${controlToken}` } : {},
      signal: AbortSignal.timeout(2000),
    });
    if (!res.ok) throw new Error(`The simulator's clock answered ${res.status}`);
    const body = await res.json() as { now?: unknown };
    if (typeof body.now !== 'number') throw new Error("The simulator's clock answered without a time");
    return body.now;
  };
}
