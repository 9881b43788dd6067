/** React's window onto the agent's audio devices (call/devices.ts): the chosen ids and the lists. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { Devices, DevicesState } from '../../call/devices.ts';

export const DevicesContext = createContext<Devices | null>(null);

export function useDevices(): Devices {
  const devices = useContext(DevicesContext);
  if (!devices) throw new Error('useDevices needs <DevicesContext.Provider>');
  return devices;
}

export function useDeviceState<T>(selector: (s: DevicesState) => T): T {
  return useStore(useDevices().state, selector);
}
