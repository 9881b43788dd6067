import { describe, expect, it } from 'vitest';
import { micLevelBetween, readTotals, sampleBetween } from './quality-stats.ts';

/** A Chromium-like report for the Meta leg. */
function report({ rtt = 0.08, jitter = 0.004, received = 500, lost = 0, energy = 0.5, duration = 10, selected = true } = {}) {
  const stats = [
    { id: 'T01', type: 'transport', ...(selected ? { selectedCandidatePairId: 'CP1' } : {}) },
    { id: 'CP1', type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: rtt },
    { id: 'CP2', type: 'candidate-pair', nominated: false, state: 'failed', currentRoundTripTime: 9 },
    { id: 'IT1', type: 'inbound-rtp', kind: 'audio', jitter, packetsReceived: received, packetsLost: lost },
    { id: 'RI1', type: 'remote-inbound-rtp', kind: 'audio', roundTripTime: 0.5 },
    { id: 'MS1', type: 'media-source', kind: 'audio', totalAudioEnergy: energy, totalSamplesDuration: duration },
  ];
  return new Map(stats.map((s) => [s.id, s]));
}

describe('readTotals', () => {
  it("takes RTT from the selected ICE pair, jitter and packets from inbound audio, in ms", () => {
    expect(readTotals(report())).toEqual({ rttMs: 80, jitterMs: 4, received: 500, lost: 0, micEnergy: 0.5, micDuration: 10 });
  });

  it('falls back to the nominated pair, then to RTCP', () => {
    expect(readTotals(report({ selected: false })).rttMs).toBe(80);
    const noPair = new Map([...report()].filter(([id]) => !id.startsWith('CP') && id !== 'T01'));
    expect(readTotals(noPair).rttMs).toBe(500);
  });
});

describe('sampleBetween', () => {
  it('is null before the call has RTT and inbound audio', () => {
    expect(sampleBetween(null, readTotals(new Map()))).toBeNull();
    expect(sampleBetween(null, readTotals(report({ received: 0 })))).toBeNull();
  });

  it("measures loss over the interval, not since the call began", () => {
    const first = readTotals(report({ received: 1000, lost: 100 }));
    const second = readTotals(report({ received: 1045, lost: 105 }));
    const sample = sampleBetween(first, second)!;
    expect(sample.lossPct).toBe(10);
    expect(sample.rttMs).toBe(80);
    expect(sample.jitterMs).toBe(4);
    expect(sample.mos).toBeLessThan(3.5);
  });

  it('a clean interval scores above 4', () => {
    const sample = sampleBetween(readTotals(report({ received: 100 })), readTotals(report({ received: 150 })))!;
    expect(sample.lossPct).toBe(0);
    expect(sample.mos).toBeGreaterThan(4);
  });
});

describe('micLevelBetween', () => {
  it('is the RMS level over the interval from media-source totals', () => {
    const a = readTotals(report({ energy: 1, duration: 10 }));
    const b = readTotals(report({ energy: 1.01, duration: 11 }));
    expect(micLevelBetween(a, b)).toBeCloseTo(0.1, 5);
    expect(micLevelBetween(b, b)).toBeNull();
  });

  it('is zero for a silent microphone', () => {
    expect(micLevelBetween(readTotals(report({ energy: 2, duration: 10 })), readTotals(report({ energy: 2, duration: 11 })))).toBe(0);
  });
});
