/** The desk's call features on the engine: mic hot-swap, DTMF, and the per-second quality watch. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { POST_EVERY } from './quality-watch.ts';
import { createFakes, flush, summary } from './testing/fakes.ts';

const ana = { waId: '5511912345678', name: 'Ana Souza', displayNumber: '+55 11 91234 5678', businessNumberId: 'bn-1' };

afterEach(() => {
  vi.useRealTimers();
});

async function activeCall(f = createFakes()) {
  const dialing = f.controller.dial(ana);
  await flush();
  f.placeCall.resolve({ callId: 'c1' });
  await dialing;
  f.controller.handle({ type: 'call.updated', call: summary({ id: 'c1', direction: 'business_initiated', status: 'active' }) });
  expect(f.state().status).toBe('active');
  return f;
}

function statsReport(received: number, lost: number) {
  const stats = [
    { id: 'T', type: 'transport', selectedCandidatePairId: 'P' },
    { id: 'P', type: 'candidate-pair', currentRoundTripTime: 0.05 },
    { id: 'I', type: 'inbound-rtp', kind: 'audio', jitter: 0.002, packetsReceived: received, packetsLost: lost },
  ];
  return new Map(stats.map((s) => [s.id, s])) as unknown as RTCStatsReport;
}

describe('microphone hot-swap', () => {
  it('swaps the new device in with replaceTrack, stops the old one, keeps mute', async () => {
    const f = await activeCall();
    f.controller.toggleMute();
    await f.controller.switchMic();
    expect(f.media.getMic).toHaveBeenCalledTimes(2);
    const [old, fresh] = f.mics;
    expect(f.sessions[0]?.attached).toEqual([fresh?.track]);
    expect(old?.track.stopped).toBe(true);
    expect(fresh?.track.enabled).toBe(false);
    expect(f.state()).toMatchObject({ status: 'active', muted: true });
  });

  it('does nothing without a call, and reports a device that fails to open', async () => {
    const f = createFakes();
    await f.controller.switchMic();
    expect(f.media.getMic).not.toHaveBeenCalled();
    await activeCall(f);
    f.media.getMic.mockRejectedValueOnce(new Error('gone'));
    await f.controller.switchMic();
    expect(f.report).toHaveBeenCalledWith('Could not switch the microphone', expect.any(Error));
    expect(f.mics[0]?.track.stopped).toBe(false);
  });
});

describe('DTMF', () => {
  it('sends digits on the active call only, and only digits', async () => {
    const f = createFakes();
    expect(f.controller.sendDigits('1')).toBe(false);
    await activeCall(f);
    expect(f.controller.sendDigits('1')).toBe(true);
    expect(f.controller.sendDigits('#')).toBe(true);
    expect(f.controller.sendDigits('x')).toBe(false);
    expect(f.sessions[0]?.dtmf).toEqual(['1', '#']);
  });
});

describe('quality watch', () => {
  it('samples every second while active, posts the first and every fifth, clears at hang-up', async () => {
    vi.useFakeTimers();
    const f = createFakes();
    const postQuality = vi.fn(async () => ({ ok: true }));
    const { createCallController } = await import('./call-controller.ts');
    const controller = createCallController({ ...f.deps, api: { ...f.api, postQuality } });
    const g = { ...f, controller };
    await activeCall(g);
    const session = f.sessions[0]!;
    expect(controller.quality.getSnapshot().sample).toBeNull();

    for (let i = 1; i <= POST_EVERY + 1; i++) {
      session.stats = statsReport(50 * i, 0);
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(controller.quality.getSnapshot().sample).toMatchObject({ rttMs: 50, jitterMs: 2, lossPct: 0 });
    expect(controller.quality.getSnapshot().warnings).toEqual([]);
    expect(postQuality).toHaveBeenCalledTimes(2);
    expect(postQuality).toHaveBeenCalledWith('c1', expect.objectContaining({ rttMs: 50 }));

    await controller.hangUp();
    expect(controller.quality.getSnapshot().sample).toBeNull();
    const posted = postQuality.mock.calls.length;
    await vi.advanceTimersByTimeAsync(5000);
    expect(postQuality).toHaveBeenCalledTimes(posted);
    controller.dispose();
  });
});
