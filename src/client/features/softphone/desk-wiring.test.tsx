/** The desk's page-level wiring: device changes reach the call, hidden-tab alerts, a reload mid-call. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDevices } from '../../call/devices.ts';
import { createFakes, flush, summary } from '../../call/testing/fakes.ts';
import { notifications } from '../../lib/notifications.ts';
import { notifyIncomingWhenHidden } from './call-alerts.tsx';
import { watchDevices } from './device-watch.ts';
import { LEFT_CALL_KEY, showCallLeftBehind } from './page-leave.ts';

const info = (kind: MediaDeviceKind, deviceId: string, label: string) => ({ kind, deviceId, label, groupId: 'g', toJSON: () => ({}) }) as MediaDeviceInfo;

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
  notifications.setState({ notices: [] });
});

describe('watchDevices', () => {
  it('a new microphone choice drops the standby stream and moves the call; an unplugged one says so', async () => {
    let list = [info('audioinput', 'mic-h', 'Headset mic'), info('audioinput', 'mic-b', 'Built-in mic')];
    const target = new EventTarget();
    const devices = createDevices({
      canPickOutput: true,
      mediaDevices: {
        enumerateDevices: async () => list,
        addEventListener: target.addEventListener.bind(target) as MediaDevices['addEventListener'],
        removeEventListener: target.removeEventListener.bind(target) as MediaDevices['removeEventListener'],
      },
    });
    const controller = { switchMic: vi.fn(async () => undefined) };
    const mic = { release: vi.fn() };
    const stop = watchDevices(devices, controller as never, mic as never);
    await flush();

    devices.choose('mic', 'mic-h');
    expect(mic.release).toHaveBeenCalledTimes(1);
    expect(controller.switchMic).toHaveBeenCalledTimes(1);

    list = [info('audioinput', 'mic-b', 'Built-in mic')];
    target.dispatchEvent(new Event('devicechange'));
    await vi.waitFor(() => expect(controller.switchMic).toHaveBeenCalledTimes(2));
    expect(notifications.getState().notices.map((n) => `${n.title}: ${n.message}`)).toEqual(['Headset mic disconnected: Using the system default microphone.']);
    stop();
  });
});

describe('notifyIncomingWhenHidden', () => {
  it('notifies only while hidden with permission, and closes when the call stops ringing', async () => {
    const shown: Array<{ title: string; close: () => void; closed: boolean }> = [];
    class FakeNotification {
      static permission = 'granted';
      closed = false;
      onclick: (() => void) | null = null;
      constructor(readonly title: string) {
        shown.push(this);
      }
      close() {
        this.closed = true;
      }
    }
    vi.stubGlobal('Notification', FakeNotification);
    const hidden = vi.spyOn(document, 'hidden', 'get').mockReturnValue(true);
    const f = createFakes();
    const stop = notifyIncomingWhenHidden(f.controller);
    f.controller.handle({ type: 'call.incoming', call: summary({ id: 'c1' }), offerSdp: 'v=0' } as never);
    await flush();
    expect(shown.map((n) => n.title)).toEqual(['Incoming WhatsApp call']);
    await f.controller.decline();
    expect(shown[0]?.closed).toBe(true);

    hidden.mockReturnValue(false);
    f.controller.dismiss();
    f.controller.handle({ type: 'call.incoming', call: summary({ id: 'c2' }), offerSdp: 'v=0' } as never);
    await flush();
    expect(shown).toHaveLength(1);
    stop();
    hidden.mockRestore();
  });
});

describe('showCallLeftBehind', () => {
  it('shows the call the previous page left, as ended with the server outcome', async () => {
    const f = createFakes();
    sessionStorage.setItem(LEFT_CALL_KEY, 'c9');
    const api = { getCalls: vi.fn(async () => ({ rows: [summary({ id: 'c9', status: 'ended', outcome: 'completed', endMessage: 'You ended the call.', durationSeconds: 12 })] })), hangUp: vi.fn() };
    await showCallLeftBehind(f.controller, api);
    expect(f.state()).toMatchObject({ status: 'ended', callId: 'c9', party: { name: 'Ana Souza' }, outcome: { kind: 'completed', durationSeconds: 12 } });
    expect(api.hangUp).not.toHaveBeenCalled();
    expect(sessionStorage.getItem(LEFT_CALL_KEY)).toBeNull();
  });

  it('hangs up a call the keepalive did not end, then shows it', async () => {
    const f = createFakes();
    sessionStorage.setItem(LEFT_CALL_KEY, 'c9');
    let ended = false;
    const api = {
      getCalls: vi.fn(async () => ({ rows: [summary({ id: 'c9', status: ended ? 'ended' : 'active', outcome: ended ? 'completed' : null })] })),
      hangUp: vi.fn(async () => void (ended = true)),
    };
    await showCallLeftBehind(f.controller, api);
    expect(api.hangUp).toHaveBeenCalledWith('c9');
    expect(f.state()).toMatchObject({ status: 'ended', callId: 'c9' });
  });
});
