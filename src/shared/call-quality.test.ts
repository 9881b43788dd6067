import { describe, expect, it } from 'vitest';
import { estimateMos, foldQuality } from './call-quality.ts';

describe('estimateMos (E-model)', () => {
  it('rates a clean LAN call near the codec ceiling', () => {
    expect(estimateMos(20, 2, 0)).toBeGreaterThanOrEqual(4.3);
  });

  it('falls as loss, latency and jitter grow, and never leaves 1–4.5', () => {
    const clean = estimateMos(50, 5, 0);
    expect(estimateMos(50, 5, 5)).toBeLessThan(clean);
    expect(estimateMos(600, 5, 0)).toBeLessThan(clean);
    expect(estimateMos(50, 80, 0)).toBeLessThan(clean);
    expect(estimateMos(5000, 1000, 100)).toBe(1);
    expect(estimateMos(0, 0, 0)).toBeLessThanOrEqual(4.5);
  });

  it('puts 10% loss below the "poor" line of 3.5', () => {
    expect(estimateMos(100, 10, 10)).toBeLessThan(3.5);
  });

  it('is monotonic in loss', () => {
    let last = 5;
    for (let loss = 0; loss <= 40; loss += 2) {
      const mos = estimateMos(80, 10, loss);
      expect(mos).toBeLessThanOrEqual(last);
      last = mos;
    }
  });
});

describe('foldQuality', () => {
  it('keeps the last, the worst of each figure and the running average', () => {
    const at = new Date('2026-01-01T10:00:00Z');
    const a = foldQuality(null, { rttMs: 100, jitterMs: 4, lossPct: 0, mos: 4.3 }, at);
    const b = foldQuality(a, { rttMs: 300, jitterMs: 2, lossPct: 2, mos: 3.9 }, at);
    expect(b.samples).toBe(2);
    expect(b.worst).toEqual({ rttMs: 300, jitterMs: 4, lossPct: 2, mos: 3.9 });
    expect(b.average).toEqual({ rttMs: 200, jitterMs: 3, lossPct: 1, mos: 4.1 });
    expect(b.last.rttMs).toBe(300);
  });
});
