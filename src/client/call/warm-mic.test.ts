import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeMic } from './testing/fakes.ts';
import { createWarmMic, STANDBY_MS } from './warm-mic.ts';

function setup() {
  const opened: ReturnType<typeof fakeMic>[] = [];
  const open = vi.fn(async () => {
    const mic = fakeMic();
    opened.push(mic);
    return mic.stream;
  });
  return { opened, open, mic: createWarmMic(open) };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the microphone between calls', () => {
  it('opens for the first call, stays on standby after it, and serves the next call without opening again, unmuted', async () => {
    const { opened, open, mic } = setup();
    const first = await mic.take();
    expect(open).toHaveBeenCalledTimes(1);
    expect(mic.state.getState().standby).toBe(false);
    opened[0]!.track.enabled = false; // the agent muted the first call
    mic.keep(first);
    expect(mic.state.getState().standby).toBe(true);
    expect(opened[0]!.track.stopped).toBe(false);

    expect(await mic.take()).toBe(first);
    expect(open).toHaveBeenCalledTimes(1);
    expect(opened[0]!.track.enabled).toBe(true);
    expect(mic.state.getState().standby).toBe(false);
  });

  it('is released after the standby time without a call, and at once when the agent asks', async () => {
    const { opened, mic } = setup();
    mic.keep(await mic.take());
    await vi.advanceTimersByTimeAsync(STANDBY_MS - 1);
    expect(opened[0]!.track.stopped).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(opened[0]!.track.stopped).toBe(true);
    expect(mic.state.getState().standby).toBe(false);

    mic.keep(await mic.take());
    mic.release();
    expect(opened[1]!.track.stopped).toBe(true);
    expect(mic.state.getState().standby).toBe(false);
  });

  it('opens a new stream when the one on standby ended (device unplugged), and never keeps a dead one', async () => {
    const { opened, open, mic } = setup();
    mic.keep(await mic.take());
    opened[0]!.track.stop();
    const next = await mic.take();
    expect(next).toBe(opened[1]!.stream);
    expect(open).toHaveBeenCalledTimes(2);
    opened[1]!.track.stop();
    mic.keep(next);
    expect(mic.state.getState().standby).toBe(false);
  });

  it('keeps one stream at most: another one stops the older', async () => {
    const { opened, mic } = setup();
    const a = await mic.take();
    const b = await mic.take();
    mic.keep(a);
    mic.keep(b);
    expect(opened[0]!.track.stopped).toBe(true);
    expect(opened[1]!.track.stopped).toBe(false);
    expect(mic.state.getState().standby).toBe(true);
  });
});
