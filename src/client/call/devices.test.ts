import { describe, expect, it, vi } from 'vitest';
import { createDevices, optionsOf, reconcile, STORAGE_KEY, type DevicesEnv } from './devices.ts';

const info = (kind: MediaDeviceKind, deviceId: string, label: string) => ({ kind, deviceId, label, groupId: 'g', toJSON: () => ({}) }) as MediaDeviceInfo;
const headset = [info('audioinput', 'default', 'Default'), info('audioinput', 'mic-h', 'Headset mic'), info('audioinput', 'mic-b', 'Built-in mic'), info('audiooutput', 'spk-h', 'Headset'), info('audiooutput', 'spk-b', 'Speakers')];
const unplugged = headset.filter((d) => !d.deviceId.endsWith('-h'));

function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k), clear: () => m.clear(), key: () => null, get length() { return m.size; } };
}

function env(list: { current: MediaDeviceInfo[] }, storage = memoryStorage()) {
  const target = new EventTarget();
  const e: DevicesEnv = {
    storage,
    canPickOutput: true,
    mediaDevices: {
      enumerateDevices: async () => list.current,
      addEventListener: target.addEventListener.bind(target) as MediaDevices['addEventListener'],
      removeEventListener: target.removeEventListener.bind(target) as MediaDevices['removeEventListener'],
    },
  };
  return { env: e, storage, fire: () => target.dispatchEvent(new Event('devicechange')) };
}

describe('devices', () => {
  it('lists inputs and outputs without the "default" alias', () => {
    expect(optionsOf(headset, 'audioinput').map((d) => d.label)).toEqual(['Headset mic', 'Built-in mic']);
    expect(optionsOf(headset, 'audiooutput').map((d) => d.id)).toEqual(['spk-h', 'spk-b']);
  });

  it('remembers choices per browser', async () => {
    const list = { current: headset };
    const { env: e, storage } = env(list);
    const a = createDevices(e);
    await a.refresh();
    a.choose('speaker', 'spk-h');
    a.choose('mic', 'mic-h');
    expect(JSON.parse(storage.getItem(STORAGE_KEY)!)).toMatchObject({ speaker: { id: 'spk-h', label: 'Headset' } });
    const b = createDevices(e);
    expect(b.state.getState().chosen.speaker.id).toBe('spk-h');
    expect(b.micConstraints()).toMatchObject({ deviceId: { exact: 'mic-h' } });
  });

  it('an unplugged device falls back to the default and is reported by name', async () => {
    const list = { current: headset };
    const { env: e, fire } = env(list);
    const d = createDevices(e);
    await d.refresh();
    d.choose('mic', 'mic-h');
    d.choose('ringtone', 'spk-b');
    const onLost = vi.fn();
    const stop = d.watch(onLost);
    list.current = unplugged;
    fire();
    await vi.waitFor(() => expect(onLost).toHaveBeenCalledWith([{ role: 'mic', label: 'Headset mic' }]));
    expect(d.state.getState().chosen).toMatchObject({ mic: { id: '' }, ringtone: { id: 'spk-b' } });
    expect(d.micConstraints()).not.toHaveProperty('deviceId');
    stop();
  });

  it('an empty list (no permission yet) changes nothing', () => {
    const chosen = { mic: { id: 'mic-h', label: 'Headset mic' }, speaker: { id: '', label: '' }, ringtone: { id: '', label: '' } };
    expect(reconcile(chosen, [], [])).toEqual({ chosen, lost: [] });
  });
});
