/**
 * One outgoing RTP stream stitched from several sources (a tone, an echo, the phone page) so the
 * receiver sees a single SSRC with continuous sequence numbers and timestamps. Meta's relay does the
 * same: "single SSRC; multiple SSRCs cause corruption" (reference §8.1).
 */
import type { CodecKey } from './meta-codecs.ts';
import { OPUS_CLOCK_RATE } from './meta-codecs.ts';

/** An RTP payload on its way to a leg, with the numbering of the stream it came from. */
export interface RtpFrame {
  /** Identifies the input stream; a new id restarts the numbering offsets (e.g. `phone:<ssrc>`). */
  sourceId: string;
  codec: CodecKey;
  sequenceNumber: number;
  timestamp: number;
  marker: boolean;
  payload: Buffer;
}

/** The numbering a frame leaves with. */
export interface RewrittenNumbers {
  sequenceNumber: number;
  timestamp: number;
  marker: boolean;
}

const SAMPLES_PER_MS = OPUS_CLOCK_RATE / 1000;

function randomUint(bits: 16 | 32): number {
  return Math.floor(Math.random() * 2 ** bits);
}

/** True when 16-bit sequence number `a` comes after `b`, allowing for wrap-around. */
function isNewerSequence(a: number, b: number): boolean {
  const diff = (a - b) & 0xffff;
  return diff !== 0 && diff < 0x8000;
}

/** Maps each source's numbering onto one continuous output numbering. */
export class RtpStreamRewriter {
  private source: { id: string; seqOffset: number; tsOffset: number } | undefined;
  private last: { sequenceNumber: number; timestamp: number; at: number } | undefined;

  constructor(
    private readonly now: () => number = () => performance.now(),
    private readonly initial = { sequenceNumber: randomUint(16), timestamp: randomUint(32) },
  ) {}

  rewrite(frame: RtpFrame): RewrittenNumbers {
    let marker = frame.marker;
    if (this.source?.id !== frame.sourceId) {
      this.source = this.startSource(frame);
      // Marks the start of a talkspurt, so the receiver's jitter buffer may resync (RFC 3551 §4.1).
      marker = true;
    }
    const sequenceNumber = (frame.sequenceNumber + this.source.seqOffset) & 0xffff;
    const timestamp = (frame.timestamp + this.source.tsOffset) >>> 0;
    if (!this.last || isNewerSequence(sequenceNumber, this.last.sequenceNumber)) {
      this.last = { sequenceNumber, timestamp, at: this.now() };
    }
    return { sequenceNumber, timestamp, marker };
  }

  private startSource(frame: RtpFrame): { id: string; seqOffset: number; tsOffset: number } {
    let sequenceNumber = this.initial.sequenceNumber;
    let timestamp = this.initial.timestamp;
    if (this.last) {
      sequenceNumber = (this.last.sequenceNumber + 1) & 0xffff;
      // Advance the clock by the wall time since the last packet (at least one sample), so the
      // receiver plays the gap as a gap instead of squeezing two sources together.
      const elapsed = Math.max(1, Math.round((this.now() - this.last.at) * SAMPLES_PER_MS));
      timestamp = (this.last.timestamp + elapsed) >>> 0;
    }
    return {
      id: frame.sourceId,
      seqOffset: (sequenceNumber - frame.sequenceNumber) & 0xffff,
      tsOffset: (timestamp - frame.timestamp) >>> 0,
    };
  }
}
