import { afterEach, describe, expect, it, vi } from 'vitest';
import { levelFromSamples, meterLevel } from './audio-level.ts';

describe('audio level meter', () => {
  it('maps silence to 0 and a full-scale sine to 95', () => {
    expect(levelFromSamples(new Float32Array(1024))).toBe(0);
    const sine = Float32Array.from({ length: 1024 }, (_, i) => Math.sin((2 * Math.PI * 440 * i) / 48_000));
    expect(levelFromSamples(sine)).toBe(95); // RMS 0.707 = -3 dBFS on a -60…0 dBFS scale
  });

  it('rises at once and falls back over about a second', () => {
    expect(meterLevel(10, 80)).toBe(80);
    const falling = [80];
    for (let tick = 0; tick < 10; tick++) falling.push(meterLevel(falling.at(-1)!, 0));
    expect(falling[1]).toBe(64);
    expect(falling.at(-1)).toBeLessThan(10);
    expect(falling.every((v, i) => i === 0 || v <= falling[i - 1]!)).toBe(true);
  });
});

describe('warmAudio', () => {
  const load = async (active: boolean) => {
    vi.resetModules();
    const created: unknown[] = [];
    vi.stubGlobal('AudioContext', class { constructor() { created.push(this); } resume = async () => undefined; });
    vi.stubGlobal('navigator', { ...navigator, userActivation: { isActive: active, hasBeenActive: active } });
    return { created, module: await import('./audio-level.ts') };
  };
  afterEach(() => vi.unstubAllGlobals());

  it('creates the audio context at once while the page holds the user activation (just signed in)', async () => {
    const { created, module } = await load(true);
    module.warmAudio();
    expect(created).toHaveLength(1);
    module.unlockAudio();
    expect(created).toHaveLength(1);
  });

  it('otherwise waits for the first pointer or key press, once, so it is never created without a gesture', async () => {
    const { created, module } = await load(false);
    module.warmAudio();
    expect(created).toHaveLength(0);
    window.dispatchEvent(new Event('keydown'));
    window.dispatchEvent(new Event('pointerdown'));
    expect(created).toHaveLength(1);
  });

  it('stops waiting when the page unmounts', async () => {
    const { created, module } = await load(false);
    module.warmAudio()();
    window.dispatchEvent(new Event('pointerdown'));
    expect(created).toHaveLength(0);
  });
});
