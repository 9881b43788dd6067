/**
 * Reads the Meta leg's `getStats()` report into the figures the agent sees: RTT, jitter, packet loss
 * and a MOS estimate per interval, plus the microphone's level. Pure: the report is passed in, so
 * tests feed plain maps. Field names follow the W3C webrtc-stats spec as Chromium fills them.
 */
import { estimateMos, type QualitySample } from '../../shared/call-quality.ts';

/** Running totals from one report; two consecutive ones make a sample. */
export interface StatsTotals {
  rttMs: number | null;
  jitterMs: number | null;
  received: number;
  lost: number;
  /** `media-source` totals of the microphone (seconds of level², seconds), null when not reported. */
  micEnergy: number | null;
  micDuration: number | null;
}

/** What `RTCStatsReport` and a test's `Map` both offer. */
export interface StatsLike {
  forEach(callback: (value: Record<string, unknown>) => void): void;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function readTotals(report: StatsLike): StatsTotals {
  const byId = new Map<string, Record<string, unknown>>();
  report.forEach((s) => byId.set(String(s.id), s));
  let pair: Record<string, unknown> | undefined;
  let remoteRtt: number | null = null;
  const totals: StatsTotals = { rttMs: null, jitterMs: null, received: 0, lost: 0, micEnergy: null, micDuration: null };
  for (const s of byId.values()) {
    if (s.type === 'transport' && typeof s.selectedCandidatePairId === 'string') pair = byId.get(s.selectedCandidatePairId) ?? pair;
    if (s.type === 'candidate-pair' && !pair && s.nominated === true && s.state === 'succeeded') pair = s;
    if (s.type === 'remote-inbound-rtp' && s.kind === 'audio') remoteRtt = num(s.roundTripTime);
    if (s.type === 'inbound-rtp' && s.kind === 'audio') {
      const jitter = num(s.jitter);
      totals.jitterMs = jitter === null ? null : jitter * 1000;
      totals.received = num(s.packetsReceived) ?? 0;
      totals.lost = Math.max(0, num(s.packetsLost) ?? 0);
    }
    if (s.type === 'media-source' && s.kind === 'audio') {
      totals.micEnergy = num(s.totalAudioEnergy);
      totals.micDuration = num(s.totalSamplesDuration);
    }
  }
  // The ICE pair's RTT is measured by consent checks every few seconds; RTCP's is the fallback.
  const rtt = num(pair?.currentRoundTripTime) ?? remoteRtt;
  totals.rttMs = rtt === null ? null : rtt * 1000;
  return totals;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The interval's sample, or null while the call has no RTT or no inbound audio yet. */
export function sampleBetween(previous: StatsTotals | null, current: StatsTotals): QualitySample | null {
  if (current.rttMs === null || current.jitterMs === null || current.received === 0) return null;
  const received = current.received - (previous?.received ?? 0);
  const lost = Math.max(0, current.lost - (previous?.lost ?? 0));
  const lossPct = received + lost > 0 ? round1((lost / (received + lost)) * 100) : 0;
  const rttMs = Math.round(current.rttMs);
  const jitterMs = round1(current.jitterMs);
  return { rttMs, jitterMs, lossPct, mos: estimateMos(rttMs, jitterMs, lossPct) };
}

/**
 * The microphone's RMS level (0–1) over the interval, from `media-source` totals; null when the
 * browser does not report them or no time passed.
 */
export function micLevelBetween(previous: StatsTotals | null, current: StatsTotals): number | null {
  if (current.micEnergy === null || current.micDuration === null) return null;
  const energy = current.micEnergy - (previous?.micEnergy ?? 0);
  const duration = current.micDuration - (previous?.micDuration ?? 0);
  return duration > 0 ? Math.sqrt(Math.max(0, energy) / duration) : null;
}
