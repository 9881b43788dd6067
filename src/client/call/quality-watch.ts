/**
 * Measures the live call once a second (`getStats` on the Meta leg) and keeps the latest figures and
 * warnings in a small external store for the quality strip. Every `POST_EVERY` samples (and the
 * first) one goes to the server, which keeps last/worst/average on the call and shows the floor.
 * Starts when the call turns active, stops and clears when it is not; a subscription, not signalling.
 */
import type { QualitySample } from '../../shared/call-quality.ts';
import type { CallStore } from './call-store.ts';
import type { PeerSession } from './peer-session.ts';
import { micLevelBetween, readTotals, sampleBetween, type StatsTotals } from './quality-stats.ts';
import { nextWarnings, noWarnings, type QualityWarning, type WarningState } from './quality-warnings.ts';

export interface QualitySnapshot {
  sample: QualitySample | null;
  warnings: QualityWarning[];
}

export interface QualityFeed {
  getSnapshot(): QualitySnapshot;
  subscribe(listener: () => void): () => void;
}

export interface QualityWatch extends QualityFeed {
  /** Stops measuring the current call. */
  dispose(): void;
}

export interface QualityWatchDeps {
  store: CallStore;
  /** The current leg's peer session, when there is one. */
  session(): PeerSession | null;
  post?: (callId: string, sample: QualitySample) => Promise<unknown>;
  intervalMs?: number;
}

/** Why 5: the server's running average needs no more, and a 4-hour call posts under 3,000 times. */
export const POST_EVERY = 5;
const empty: QualitySnapshot = { sample: null, warnings: [] };

export function createQualityWatch({ store, session, post, intervalMs = 1000 }: QualityWatchDeps): QualityWatch {
  let snapshot = empty;
  const listeners = new Set<() => void>();
  const set = (next: QualitySnapshot) => {
    snapshot = next;
    listeners.forEach((l) => l());
  };
  let running: { callId: string; timer: ReturnType<typeof setInterval>; previous: StatsTotals | null; warnings: WarningState; count: number; busy: boolean } | null = null;

  function stop() {
    if (!running) return;
    clearInterval(running.timer);
    running = null;
    if (snapshot !== empty) set(empty);
  }

  async function tick(run: NonNullable<typeof running>) {
    const s = session();
    if (!s || run.busy) return;
    run.busy = true;
    try {
      const totals = readTotals(await s.getStats());
      if (running !== run) return;
      const sample = sampleBetween(run.previous, totals);
      const micLevel = micLevelBetween(run.previous, totals);
      run.previous = totals;
      if (!sample) return;
      const call = store.getState().call;
      run.warnings = nextWarnings(run.warnings, { sample, micLevel, muted: call.status === 'active' && call.muted });
      set({ sample, warnings: run.warnings.active });
      if (run.count++ % POST_EVERY === 0) void post?.(run.callId, sample).catch(() => undefined);
    } catch {
      // A closed connection between ticks: the next state change stops the watch.
    } finally {
      run.busy = false;
    }
  }

  function follow() {
    const call = store.getState().call;
    const callId = call.status === 'active' ? call.callId : null;
    if (running && running.callId === callId) return;
    stop();
    if (!callId) return;
    const run = { callId, timer: undefined as unknown as ReturnType<typeof setInterval>, previous: null, warnings: noWarnings, count: 0, busy: false };
    run.timer = setInterval(() => void tick(run), intervalMs);
    running = run;
  }

  follow();
  // Kept for the store's life: a disposed controller (StrictMode remounts it) still measures its next call.
  store.subscribe(follow);
  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose: stop,
  };
}
