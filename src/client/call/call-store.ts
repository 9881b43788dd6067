/**
 * The live call as plain data in a vanilla zustand store. Every change goes through the shared
 * `transition()`; media objects never enter this store (see `remote-media.ts`).
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { idle, transition, type CallEvent, type CallState } from '../../shared/call.ts';

export interface CallStoreState {
  call: CallState;
  dispatch: (event: CallEvent) => void;
}

export type CallStore = StoreApi<CallStoreState>;

export function createCallStore(initial: CallState = idle): CallStore {
  return createStore<CallStoreState>()((set) => ({
    call: initial,
    dispatch: (event) => set((s) => ({ call: transition(s.call, event) })),
  }));
}
