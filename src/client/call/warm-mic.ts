/**
 * The microphone between calls. After the agent's first call its stream stays open ("standby"), so
 * the next Call or Accept skips getUserMedia (25–80 ms per call in Chromium, more for the first).
 * Honest about it: the track stays live, so the browser's own recording indicator stays on, and
 * `standby` drives the softphone's "Microphone on standby" notice with a button that releases it.
 * Nothing is sent between calls: no peer connection holds the track. Released after `STANDBY_MS`
 * without a call, when the agent releases it, and when the softphone closes.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';

/** Why 10 minutes: covers the gap between calls in a busy shift; a quiet agent gets the mic back. */
export const STANDBY_MS = 10 * 60_000;

export interface WarmMic {
  /** A live microphone stream: the one on standby (unmuted), else a new one from `open`. */
  take(): Promise<MediaStream>;
  /** A call is done with `stream`: it goes on standby (replacing any other, which is stopped). */
  keep(stream: MediaStream): void;
  /** Stops the standby stream now. */
  release(): void;
  /** `standby`: a stream is open with no call using it. */
  readonly state: StoreApi<{ standby: boolean }>;
}

const live = (stream: MediaStream) => stream.getAudioTracks().some((t) => t.readyState === 'live');
const stop = (stream: MediaStream) => stream.getTracks().forEach((t) => t.stop());

export function createWarmMic(open: () => Promise<MediaStream>, standbyMs = STANDBY_MS): WarmMic {
  const state = createStore<{ standby: boolean }>()(() => ({ standby: false }));
  let kept: MediaStream | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const clear = (): MediaStream | null => {
    clearTimeout(timer);
    const stream = kept;
    kept = null;
    state.setState({ standby: false });
    return stream;
  };

  return {
    state,
    async take() {
      const stream = clear();
      if (stream && live(stream)) {
        stream.getAudioTracks().forEach((t) => (t.enabled = true));
        return stream;
      }
      if (stream) stop(stream);
      return open();
    },
    keep(stream) {
      if (stream === kept) return;
      const previous = clear();
      if (previous) stop(previous);
      if (!live(stream)) return stop(stream);
      kept = stream;
      state.setState({ standby: true });
      timer = setTimeout(() => {
        const idle = clear();
        if (idle) stop(idle);
      }, standbyMs);
    },
    release() {
      const stream = clear();
      if (stream) stop(stream);
    },
  };
}
