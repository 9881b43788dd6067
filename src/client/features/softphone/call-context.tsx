/** React's window onto the call engine: selectors over its store, and the engine's methods. */
import { createContext, useContext, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import type { CallController } from '../../call/call-controller.ts';
import type { CallStoreState } from '../../call/call-store.ts';
import type { RemoteMediaSnapshot } from '../../call/remote-media.ts';

export const CallControllerContext = createContext<CallController | null>(null);

export function useCallController(): CallController {
  const controller = useContext(CallControllerContext);
  if (!controller) throw new Error('useCallController needs <CallControllerContext.Provider>');
  return controller;
}

export function useCall<T>(selector: (s: CallStoreState) => T): T {
  return useStore(useCallController().store, selector);
}

export function useRemoteMedia<T>(selector: (s: RemoteMediaSnapshot) => T): T {
  const { remote } = useCallController();
  return useSyncExternalStore(remote.subscribe, () => selector(remote.getSnapshot()));
}
