/**
 * One tab owns the agent's media: only it runs the call engine (microphone, peer connection, push
 * channel). Built on the Web Locks API: the owner holds a lock named for the agent for as long as it
 * lives; another tab waits in the lock's queue (so it takes over by itself when the owner closes) and
 * can take over at once with `steal`, which releases the owner's lock; the owner then learns it lost.
 * Without Web Locks (an insecure origin), every tab owns its media, as before.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';

export type TabRole = 'pending' | 'owner' | 'other';

export interface TabOwner {
  readonly state: StoreApi<{ role: TabRole }>;
  /** Takes the media from the tab that holds it. */
  takeOver(): void;
  /** Gives the lock back (page closing, sign-out). */
  release(): void;
}

type Locks = Pick<LockManager, 'request'>;

export function createTabOwner(name: string, locks: Locks | undefined = typeof navigator !== 'undefined' ? navigator.locks : undefined): TabOwner {
  const state = createStore<{ role: TabRole }>()(() => ({ role: locks ? 'pending' : 'owner' }));
  let releaseHeld: (() => void) | null = null;
  let waiting: AbortController | null = null;
  let done = false;

  /** Holds the lock until released; resolves when this tab no longer holds it (released or stolen). */
  const hold = () => {
    state.setState({ role: 'owner' });
    return new Promise<void>((resolve) => (releaseHeld = resolve));
  };

  /**
   * Settles a lock request. A rejection we did not cause by aborting our own queued request means
   * another tab stole the lock (AbortError): this tab hands over and waits in the queue again.
   */
  const settle = (request: Promise<unknown>, own?: AbortController) =>
    request.then(
      () => undefined,
      () => {
        if (done || own?.signal.aborted) return;
        releaseHeld?.();
        releaseHeld = null;
        state.setState({ role: 'other' });
        queue();
      },
    );

  function queue() {
    if (!locks || done) return;
    const own = new AbortController();
    waiting = own;
    settle(locks.request(name, { signal: own.signal }, hold), own);
  }

  if (locks) {
    settle(
      locks.request(name, { ifAvailable: true }, (lock) => {
        if (lock) return hold();
        state.setState({ role: 'other' });
        queue();
        return undefined;
      }),
    );
  }

  return {
    state,
    takeOver() {
      if (!locks || state.getState().role === 'owner') return;
      waiting?.abort();
      settle(locks.request(name, { steal: true }, hold));
    },
    release() {
      done = true;
      waiting?.abort();
      releaseHeld?.();
    },
  };
}
