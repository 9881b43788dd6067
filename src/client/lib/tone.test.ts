import { describe, expect, it } from 'vitest';
import { toneWav } from './tone.ts';

describe('toneWav', () => {
  it('writes a mono 16-bit WAV of the pattern length, silent in the off part', () => {
    const wav = toneWav({ freqs: [440], onMs: 100, offMs: 100, repeats: 2 });
    const view = new DataView(wav.buffer);
    expect(String.fromCharCode(...wav.slice(0, 4))).toBe('RIFF');
    expect(view.getUint32(40, true)).toBe(2 * 1600 * 2);
    expect(view.getInt16(44 + 1200 * 2, true)).toBe(0);
    const peak = Math.max(...Array.from({ length: 800 }, (_, i) => Math.abs(view.getInt16(44 + i * 2, true))));
    expect(peak).toBeGreaterThan(3000);
    expect(peak).toBeLessThanOrEqual(Math.round(0.2 * 32767));
  });
});
