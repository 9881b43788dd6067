import { describe, expect, it } from 'vitest';
import { matchRoute } from '../app/router.ts';
import { levelFromSamples } from '../call/audio-level.ts';
import { formatCountdown, formatDuration, formatE164, formatInstant, timeLeft } from './format.ts';

describe('format', () => {
  it('formats durations as mm:ss', () => {
    expect(formatDuration(0)).toBe('00:00');
    expect(formatDuration(42.9)).toBe('00:42');
    expect(formatDuration(3725)).toBe('62:05');
  });

  it('shows the phone page\'s digits in E.164 form, and anything else as it came', () => {
    expect(formatE164('5511912345678')).toBe('+5511912345678');
    expect(formatE164('+55 11 4000-1000')).toBe('+55 11 4000-1000');
  });

  it('says how long a permission has left', () => {
    const now = Date.parse('2026-01-10T12:00:00Z');
    expect(timeLeft('2026-01-16T11:59:00Z', now)).toBe('6 d');
    expect(timeLeft('2026-01-10T17:00:00Z', now)).toBe('5 h');
    expect(timeLeft('2026-01-10T12:10:00Z', now)).toBe('10 min');
    expect(timeLeft('2026-01-09T12:00:00Z', now)).toBeNull();
  });
});

describe('policy times', () => {
  it('counts down, rounded down, in at most two units', () => {
    expect(formatCountdown((6 * 24 + 3) * 3_600_000 + 59 * 60_000)).toBe('6 d 3 h');
    expect(formatCountdown((6 * 24 + 3) * 3_600_000, true)).toBe('6 d');
    expect(formatCountdown(5 * 3_600_000 + 12 * 60_000)).toBe('5 h 12 min');
    expect(formatCountdown(2 * 24 * 3_600_000)).toBe('2 d');
    expect(formatCountdown(12 * 60_000 + 59_000)).toBe('12 min');
    expect(formatCountdown(30_000)).toBe('under a minute');
  });

  it('names an instant by clock today, yesterday, by weekday in the coming week, by date otherwise', () => {
    const now = new Date(2026, 0, 14, 9, 0).getTime(); // a Wednesday, local time
    const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
    const today = new Date(2026, 0, 14, 14, 32).getTime();
    expect(formatInstant(today, now)).toBe(clock.format(today));
    const tuesday = new Date(2026, 0, 20, 14, 32).getTime();
    expect(formatInstant(tuesday, now)).toBe(new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(tuesday));
    const later = new Date(2026, 1, 3, 14, 32).getTime();
    expect(formatInstant(later, now)).toBe(new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(later));
    expect(formatInstant(new Date(2025, 10, 3).getTime(), now)).toMatch(/2025/);
    // The past never uses a weekday: "Sat" would be ambiguous next to a future "Sat".
    const lastWeek = new Date(2026, 0, 10, 9, 0).getTime();
    expect(formatInstant(lastWeek, now)).toBe(new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(lastWeek));
    expect(formatInstant(new Date(2026, 0, 13, 14, 32).getTime(), now)).toMatch(/^yesterday /);
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
