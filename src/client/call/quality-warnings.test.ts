import { describe, expect, it } from 'vitest';
import type { QualitySample } from '../../shared/call-quality.ts';
import { nextWarnings, noWarnings, type WarningInput, type WarningState } from './quality-warnings.ts';

const good: QualitySample = { rttMs: 60, jitterMs: 3, lossPct: 0, mos: 4.4 };
const lossy: QualitySample = { rttMs: 60, jitterMs: 3, lossPct: 12, mos: 3.1 };
const slow: QualitySample = { rttMs: 700, jitterMs: 3, lossPct: 0, mos: 3.9 };
const input = (sample: QualitySample, extra: Partial<WarningInput> = {}): WarningInput => ({ sample, micLevel: 0.1, muted: false, ...extra });

function run(inputs: WarningInput[], from: WarningState = noWarnings) {
  const states: WarningState[] = [];
  let state = from;
  for (const i of inputs) states.push((state = nextWarnings(state, i)));
  return states.map((s) => s.active);
}

describe('quality warnings', () => {
  it('a single bad second raises nothing', () => {
    expect(run([input(good), input(lossy), input(good)]).at(-1)).toEqual([]);
  });

  it('"Poor network" appears after 3 bad of 5 and clears after 3 good in a row', () => {
    const active = run([input(lossy), input(good), input(lossy), input(lossy), input(good), input(good), input(good)]);
    expect(active.map((a) => a.includes('poor-network'))).toEqual([false, false, false, true, true, true, false]);
  });

  it('"High latency" follows RTT above 400 ms', () => {
    expect(run([input(slow), input(slow), input(slow)]).at(-1)).toEqual(['high-latency']);
  });

  it('"Your microphone is silent" after 5 silent seconds, gone at the first sound', () => {
    const silent = input(good, { micLevel: 0 });
    const active = run([silent, silent, silent, silent, silent, input(good, { micLevel: 0.05 })]);
    expect(active.map((a) => a.includes('mic-silent'))).toEqual([false, false, false, false, true, false]);
  });

  it('never says the mic is silent while the agent muted it, and starts counting again after', () => {
    const silent = input(good, { micLevel: 0 });
    const muted = input(good, { micLevel: 0, muted: true });
    const active = run([silent, silent, silent, silent, silent, muted, silent]);
    expect(active.map((a) => a.includes('mic-silent'))).toEqual([false, false, false, false, true, false, false]);
  });

  it('an unknown mic level neither raises nor clears the warning', () => {
    const silent = input(good, { micLevel: 0 });
    const active = run([silent, silent, silent, silent, silent, input(good, { micLevel: null })]);
    expect(active.at(-1)).toEqual(['mic-silent']);
  });
});
