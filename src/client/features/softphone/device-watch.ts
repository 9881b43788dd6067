/**
 * Keeps the call on the devices the agent chose: a new microphone choice moves a live call to it
 * (and drops the standby stream of the old one); an unplugged device falls back to the default and
 * the agent is told which one went. A subscription, not signalling.
 */
import type { CallController } from '../../call/call-controller.ts';
import type { DeviceRole, Devices } from '../../call/devices.ts';
import type { WarmMic } from '../../call/warm-mic.ts';
import { notify } from '../../lib/notifications.ts';

const roleName: Record<DeviceRole, string> = { mic: 'microphone', speaker: 'speaker', ringtone: 'ringtone output' };

export function watchDevices(devices: Devices, controller: CallController, mic: WarmMic): () => void {
  void devices.refresh();
  let micId = devices.state.getState().chosen.mic.id;
  const unsubscribe = devices.state.subscribe(({ chosen }) => {
    if (chosen.mic.id === micId) return;
    micId = chosen.mic.id;
    mic.release();
    void controller.switchMic();
  });
  const stopWatching = devices.watch((lost) => {
    for (const { role, label } of lost) {
      notify({ tone: 'warning', title: `${label} disconnected`, message: `Using the system default ${roleName[role]}.` });
    }
  });
  return () => {
    unsubscribe();
    stopWatching();
  };
}
