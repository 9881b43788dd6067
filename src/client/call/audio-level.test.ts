import { describe, expect, it } from 'vitest';
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
