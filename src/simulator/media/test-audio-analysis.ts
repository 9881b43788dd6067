/**
 * Test support: decodes received Opus packets and measures what a listener would hear, plus the
 * RTP numbering checks for Meta's "one consistent stream per direction" rule.
 */
import OpusScript from 'opusscript';
import type { RtpPacket } from 'werift';

export interface AudioMeasure {
  /** RMS of the decoded 16-bit samples (a sine of amplitude A gives A/√2; silence gives ~0). */
  rms: number;
  /** Frequency estimated from zero crossings, in Hz. */
  frequencyHz: number;
}

/**
 * Decodes `packets` in order with a fresh decoder (mono, 48 kHz) and measures all but the first
 * `skip` frames, which carry the decoder's warm-up.
 */
export function measureOpus(packets: readonly RtpPacket[], skip = 5): AudioMeasure {
  const decoder = new OpusScript(48000, 1);
  try {
    let sumSquares = 0;
    let samples = 0;
    let crossings = 0;
    let previous = 0;
    packets.forEach((packet, index) => {
      const pcm = decoder.decode(packet.payload);
      if (index < skip) return;
      for (let offset = 0; offset + 1 < pcm.length; offset += 2) {
        const sample = pcm.readInt16LE(offset);
        sumSquares += sample * sample;
        if (samples > 0 && (sample < 0) !== (previous < 0)) crossings++;
        previous = sample;
        samples++;
      }
    });
    if (samples === 0) return { rms: 0, frequencyHz: 0 };
    return { rms: Math.sqrt(sumSquares / samples), frequencyHz: crossings / 2 / (samples / 48000) };
  } finally {
    decoder.delete();
  }
}

/** SSRCs seen, and the sequence/timestamp steps between consecutive packets. */
export function numbering(packets: readonly RtpPacket[]): { ssrcs: Set<number>; seqSteps: Set<number>; tsSteps: Set<number> } {
  const ssrcs = new Set<number>();
  const seqSteps = new Set<number>();
  const tsSteps = new Set<number>();
  packets.forEach((packet, index) => {
    ssrcs.add(packet.header.ssrc);
    const before = packets[index - 1];
    if (!before) return;
    seqSteps.add((packet.header.sequenceNumber - before.header.sequenceNumber) & 0xffff);
    tsSteps.add((packet.header.timestamp - before.header.timestamp) >>> 0);
  });
  return { ssrcs, seqSteps, tsSteps };
}
