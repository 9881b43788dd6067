/**
 * The remote party's stream and its level, kept outside the call store because a MediaStream is not
 * plain data. A tiny external store: React reads it with `useSyncExternalStore`.
 */

export interface RemoteMediaSnapshot {
  stream: MediaStream | null;
  /** 0–100, integer. */
  level: number;
}

export interface RemoteMedia {
  getSnapshot(): RemoteMediaSnapshot;
  subscribe(listener: () => void): () => void;
}

export interface RemoteMediaWriter extends RemoteMedia {
  set(patch: Partial<RemoteMediaSnapshot>): void;
}

const empty: RemoteMediaSnapshot = { stream: null, level: 0 };

export function createRemoteMedia(): RemoteMediaWriter {
  let snapshot = empty;
  const listeners = new Set<() => void>();
  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(patch) {
      const next = { ...snapshot, ...patch };
      if (next.stream === snapshot.stream && next.level === snapshot.level) return;
      snapshot = next.stream === null && next.level === 0 ? empty : next;
      listeners.forEach((l) => l());
    },
  };
}
