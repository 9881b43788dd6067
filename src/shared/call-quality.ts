/**
 * Call quality as the agent's browser measures it (`RTCPeerConnection.getStats` on the Meta leg)
 * and the server keeps it: the last sample, the worst and a running average. The MOS is an E-model
 * estimate (ITU-T G.107, simplified for Opus narrow/wideband as commonly done by WebRTC monitors).
 * No zod: the browser imports this module.
 */
export interface QualitySample {
  /** Round-trip time to Meta's relay, ms. */
  rttMs: number;
  /** Inbound jitter, ms. */
  jitterMs: number;
  /** Inbound packet loss over the last interval, percent. */
  lossPct: number;
  /** Mean opinion score estimate, 1–4.5. */
  mos: number;
}

export interface CallQuality {
  last: QualitySample & { at: string };
  worst: QualitySample;
  average: QualitySample;
  samples: number;
}

/** E-model R factor → MOS, with the usual WebRTC simplification (effective latency from RTT and jitter). */
export function estimateMos(rttMs: number, jitterMs: number, lossPct: number): number {
  const effectiveLatency = rttMs / 2 + jitterMs * 2 + 10;
  let r = effectiveLatency < 160 ? 93.2 - effectiveLatency / 40 : 93.2 - (effectiveLatency - 120) / 10;
  r -= lossPct * 2.5;
  r = Math.max(0, Math.min(100, r));
  const mos = 1 + 0.035 * r + 0.000007 * r * (r - 60) * (100 - r);
  return Math.round(Math.max(1, Math.min(4.5, mos)) * 100) / 100;
}

/** Folds a new sample into the kept figures (worst = highest RTT/jitter/loss, lowest MOS). */
export function foldQuality(previous: CallQuality | null, sample: QualitySample, at: Date): CallQuality {
  if (!previous) return { last: { ...sample, at: at.toISOString() }, worst: { ...sample }, average: { ...sample }, samples: 1 };
  const n = previous.samples + 1;
  const avg = (key: keyof QualitySample) => Math.round(((previous.average[key] * previous.samples + sample[key]) / n) * 100) / 100;
  return {
    last: { ...sample, at: at.toISOString() },
    worst: {
      rttMs: Math.max(previous.worst.rttMs, sample.rttMs),
      jitterMs: Math.max(previous.worst.jitterMs, sample.jitterMs),
      lossPct: Math.max(previous.worst.lossPct, sample.lossPct),
      mos: Math.min(previous.worst.mos, sample.mos),
    },
    average: { rttMs: avg('rttMs'), jitterMs: avg('jitterMs'), lossPct: avg('lossPct'), mos: avg('mos') },
    samples: n,
  };
}
