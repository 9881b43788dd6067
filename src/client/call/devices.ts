/**
 * The agent's audio devices: which microphone, speaker and ringtone output to use, remembered per
 * browser (localStorage; Chromium keeps device ids stable per origin). An empty id means the
 * system default. When a chosen device disappears (`devicechange`: a headset unplugged), the choice
 * falls back to the default and `onLost` says which one went, so the page can tell the agent and move
 * a live call to the default microphone.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';

export type DeviceRole = 'mic' | 'speaker' | 'ringtone';

export interface DeviceOption {
  id: string;
  label: string;
}

export type Choice = Record<DeviceRole, { id: string; label: string }>;

export interface DevicesState {
  mics: DeviceOption[];
  speakers: DeviceOption[];
  chosen: Choice;
  /** False where the browser cannot route output (no `setSinkId`): the speaker pickers are hidden. */
  canPickOutput: boolean;
}

export interface LostDevice {
  role: DeviceRole;
  label: string;
}

const roles: DeviceRole[] = ['mic', 'speaker', 'ringtone'];
const nothingChosen: Choice = { mic: { id: '', label: '' }, speaker: { id: '', label: '' }, ringtone: { id: '', label: '' } };
export const STORAGE_KEY = 'ringside.devices';

/** The browser's list as options; Chromium's "default"/"communications" aliases are left to the "System default" entry. */
export function optionsOf(devices: MediaDeviceInfo[], kind: MediaDeviceKind): DeviceOption[] {
  return devices
    .filter((d) => d.kind === kind && d.deviceId && d.deviceId !== 'default' && d.deviceId !== 'communications')
    .map((d, i) => ({ id: d.deviceId, label: d.label || `${kind === 'audioinput' ? 'Microphone' : 'Speaker'} ${i + 1}` }));
}

/**
 * Keeps the choices whose device is still listed; the others fall back to the default and are
 * reported. An empty list (labels hidden before permission) proves nothing, so it changes nothing.
 */
export function reconcile(chosen: Choice, mics: DeviceOption[], speakers: DeviceOption[]): { chosen: Choice; lost: LostDevice[] } {
  const next = { ...chosen };
  const lost: LostDevice[] = [];
  for (const role of roles) {
    const list = role === 'mic' ? mics : speakers;
    const { id, label } = chosen[role];
    if (!id || list.length === 0) continue;
    const found = list.find((d) => d.id === id);
    if (found) next[role] = { id, label: found.label };
    else {
      next[role] = { id: '', label: '' };
      lost.push({ role, label: label || 'The chosen device' });
    }
  }
  return { chosen: next, lost };
}

function load(storage: Storage | undefined): Choice {
  try {
    const raw: unknown = JSON.parse(storage?.getItem(STORAGE_KEY) ?? 'null');
    if (!raw || typeof raw !== 'object') return nothingChosen;
    const out = { ...nothingChosen };
    for (const role of roles) {
      const v = (raw as Record<string, unknown>)[role] as { id?: unknown; label?: unknown } | undefined;
      if (v && typeof v.id === 'string' && typeof v.label === 'string') out[role] = { id: v.id, label: v.label };
    }
    return out;
  } catch {
    return nothingChosen;
  }
}

export interface Devices {
  readonly state: StoreApi<DevicesState>;
  /** Re-reads the device list (after the mic permission, labels appear). */
  refresh(): Promise<void>;
  choose(role: DeviceRole, id: string): void;
  /** Constraints for getUserMedia with the chosen microphone. */
  micConstraints(): MediaTrackConstraints;
  /** Listens to `devicechange` until the returned function is called. */
  watch(onLost: (lost: LostDevice[]) => void): () => void;
}

export interface DevicesEnv {
  mediaDevices?: Pick<MediaDevices, 'enumerateDevices' | 'addEventListener' | 'removeEventListener'>;
  storage?: Storage;
  canPickOutput: boolean;
}

export function browserDevicesEnv(): DevicesEnv {
  return {
    mediaDevices: typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined,
    storage: typeof localStorage !== 'undefined' ? localStorage : undefined,
    canPickOutput: typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype,
  };
}

const voice: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };

export function createDevices(env: DevicesEnv = browserDevicesEnv()): Devices {
  const state = createStore<DevicesState>()(() => ({ mics: [], speakers: [], chosen: load(env.storage), canPickOutput: env.canPickOutput }));
  const save = () => env.storage?.setItem(STORAGE_KEY, JSON.stringify(state.getState().chosen));

  async function read(): Promise<LostDevice[]> {
    const list = (await env.mediaDevices?.enumerateDevices().catch(() => [])) ?? [];
    const mics = optionsOf(list, 'audioinput');
    const speakers = optionsOf(list, 'audiooutput');
    const { chosen, lost } = reconcile(state.getState().chosen, mics, speakers);
    state.setState({ mics, speakers, chosen });
    if (lost.length) save();
    return lost;
  }

  return {
    state,
    refresh: async () => void (await read()),
    choose(role, id) {
      const { mics, speakers, chosen } = state.getState();
      const label = (role === 'mic' ? mics : speakers).find((d) => d.id === id)?.label ?? '';
      state.setState({ chosen: { ...chosen, [role]: { id, label } } });
      save();
    },
    micConstraints() {
      const id = state.getState().chosen.mic.id;
      return id ? { ...voice, deviceId: { exact: id } } : voice;
    },
    watch(onLost) {
      const md = env.mediaDevices;
      if (!md) return () => undefined;
      const onChange = () => void read().then((lost) => lost.length && onLost(lost));
      md.addEventListener('devicechange', onChange);
      return () => md.removeEventListener('devicechange', onChange);
    },
  };
}
