import { describe, expect, it } from 'vitest';
import { matchRoute } from '../app/router.ts';
import { levelFromSamples } from '../call/audio-level.ts';
import { formatDuration, timeLeft } from './format.ts';

describe('format', () => {
  it('formats durations as mm:ss', () => {
    expect(formatDuration(0)).toBe('00:00');
    expect(formatDuration(42.9)).toBe('00:42');
    expect(formatDuration(3725)).toBe('62:05');
  });

  it('says how long a permission has left', () => {
    const now = Date.parse('2026-01-10T12:00:00Z');
    expect(timeLeft('2026-01-16T11:59:00Z', now)).toBe('6 d');
    expect(timeLeft('2026-01-10T17:00:00Z', now)).toBe('5 h');
    expect(timeLeft('2026-01-10T12:10:00Z', now)).toBe('10 min');
    expect(timeLeft('2026-01-09T12:00:00Z', now)).toBeNull();
  });
});

describe('routes', () => {
  it('matches the three routes', () => {
    expect(matchRoute('/')).toEqual({ name: 'softphone' });
    expect(matchRoute('/sign-in/')).toEqual({ name: 'sign-in' });
    expect(matchRoute('/phone/5511912345678')).toEqual({ name: 'phone', waId: '5511912345678' });
    expect(matchRoute('/phone/abc')).toEqual({ name: 'not-found' });
  });
});

describe('audio level', () => {
  it('maps RMS on a dBFS scale to 0–100', () => {
    expect(levelFromSamples(new Float32Array(1024))).toBe(0);
    const tone = Float32Array.from({ length: 1024 }, (_, i) => 0.245 * Math.sin((2 * Math.PI * 440 * i) / 48000));
    expect(levelFromSamples(tone)).toBe(75); // RMS 0.173 ≈ -15 dBFS
    expect(levelFromSamples(new Float32Array(1024).fill(1))).toBe(100);
  });
});
