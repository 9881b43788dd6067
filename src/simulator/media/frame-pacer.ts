/**
 * Calls back once per 20 ms frame, on wall-clock time rather than timer count: Node timers drift
 * late, and a sender that counts ticks falls behind real time and starves the receiver's jitter
 * buffer. After a long stall (GC, a busy event loop) it skips frames instead of bursting them.
 */
import { FRAME_MS } from './meta-codecs.ts';

/** At most this many frames in one tick; older due frames are skipped (the receiver sees loss). */
const MAX_FRAMES_PER_TICK = 3;

/** Stops the pacer; idempotent. */
export type StopPacer = () => void;

/**
 * Calls `onFrame(frameIndex)` now for frame 0 and then every 20 ms. `frameIndex` counts real
 * 20 ms slots since the start, skipped slots included, so it can drive RTP sequence and timestamp.
 */
export function startFramePacer(onFrame: (frameIndex: number) => void, now = () => performance.now()): StopPacer {
  const startedAt = now();
  let next = 0;
  const tick = (): void => {
    const due = Math.floor((now() - startedAt) / FRAME_MS) + 1;
    next = Math.max(next, due - MAX_FRAMES_PER_TICK);
    while (next < due) onFrame(next++);
  };
  tick();
  const timer = setInterval(tick, FRAME_MS);
  // A media loop alone should not keep a process alive; close() clears it anyway.
  timer.unref();
  return () => clearInterval(timer);
}
