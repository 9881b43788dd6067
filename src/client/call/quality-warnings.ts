/**
 * Quality warnings that appear and clear, in the manner of Twilio Voice SDK's: a warning is raised
 * when enough of the last samples are bad, and cleared only after consecutive good ones, so a single
 * spike neither raises it nor a single good second clears it. Pure: one sample in, the next state out.
 */
import type { QualitySample } from '../../shared/call-quality.ts';

export type QualityWarning = 'poor-network' | 'high-latency' | 'mic-silent';

export const warningText: Record<QualityWarning, string> = {
  'poor-network': 'Poor network',
  'high-latency': 'High latency',
  'mic-silent': 'Your microphone is silent',
};

/** Thresholds (Twilio's quality warnings use the same orders of magnitude). */
export const limits = {
  /** RTT above this is "High latency": a conversation starts to talk over itself. */
  rttMs: 400,
  /** Loss or jitter above these, or MOS below, is "Poor network". */
  lossPct: 3,
  jitterMs: 30,
  mos: 3.5,
  /** RMS level below this (about -60 dBFS) is silence: a dead or muted-at-the-device mic. */
  micLevel: 0.001,
} as const;

interface Rule {
  /** Samples kept. */
  window: number;
  /** Bad samples among them that raise the warning. */
  raise: number;
  /** Consecutive good samples that clear it. */
  clear: number;
}

const rules: Record<QualityWarning, Rule> = {
  'poor-network': { window: 5, raise: 3, clear: 3 },
  'high-latency': { window: 5, raise: 3, clear: 3 },
  // Five seconds of silence: a pause to listen is normal, a dead mic for five seconds is not.
  'mic-silent': { window: 5, raise: 5, clear: 1 },
};

export interface WarningInput {
  sample: QualitySample;
  /** The microphone's RMS level over the interval, null when unknown. */
  micLevel: number | null;
  muted: boolean;
}

export interface WarningState {
  /** Newest last; true = bad. A warning with no verdict this sample (muted, no level) keeps its history. */
  history: Record<QualityWarning, boolean[]>;
  active: QualityWarning[];
}

export const noWarnings: WarningState = { history: { 'poor-network': [], 'high-latency': [], 'mic-silent': [] }, active: [] };

function verdicts({ sample, micLevel, muted }: WarningInput): Record<QualityWarning, boolean | null> {
  return {
    'poor-network': sample.lossPct > limits.lossPct || sample.jitterMs > limits.jitterMs || sample.mos < limits.mos,
    'high-latency': sample.rttMs > limits.rttMs,
    // Muted, the mic is silent on purpose; without a level we cannot say.
    'mic-silent': muted || micLevel === null ? null : micLevel < limits.micLevel,
  };
}

export function nextWarnings(state: WarningState, input: WarningInput): WarningState {
  const v = verdicts(input);
  const history = { ...state.history };
  const active: QualityWarning[] = [];
  for (const key of Object.keys(rules) as QualityWarning[]) {
    const rule = rules[key];
    const verdict = v[key];
    const wasActive = state.active.includes(key);
    if (verdict === null) {
      // Muted: the silent-mic warning has nothing to say, so it goes and its count starts over.
      history[key] = key === 'mic-silent' && input.muted ? [] : state.history[key];
      if (wasActive && history[key].length > 0) active.push(key);
      continue;
    }
    const h = [...state.history[key], verdict].slice(-rule.window);
    history[key] = h;
    const bad = h.filter(Boolean).length;
    const goodRun = h.length - (h.lastIndexOf(true) + 1);
    if (wasActive ? goodRun < rule.clear : bad >= rule.raise) active.push(key);
  }
  return { history, active };
}
