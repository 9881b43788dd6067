import { describe, expect, it } from 'vitest';
import type { RtpFrame } from './rtp-rewriter.ts';
import { RtpStreamRewriter } from './rtp-rewriter.ts';

function frame(sourceId: string, sequenceNumber: number, timestamp: number): RtpFrame {
  return { sourceId, codec: 'opus/48000', sequenceNumber, timestamp, marker: false, payload: Buffer.alloc(1) };
}

describe('RtpStreamRewriter', () => {
  it('starts at its initial numbering and keeps each source’s own steps (and gaps)', () => {
    const rewriter = new RtpStreamRewriter(() => 0, { sequenceNumber: 100, timestamp: 5000 });
    expect(rewriter.rewrite(frame('a', 7, 70_000))).toEqual({ sequenceNumber: 100, timestamp: 5000, marker: true });
    expect(rewriter.rewrite(frame('a', 8, 70_960))).toEqual({ sequenceNumber: 101, timestamp: 5960, marker: false });
    // A lost packet stays a gap, so the receiver can conceal it.
    expect(rewriter.rewrite(frame('a', 10, 72_880))).toEqual({ sequenceNumber: 103, timestamp: 7880, marker: false });
  });

  it('continues numbering across a source switch, advancing the clock by the wall time', () => {
    let nowMs = 0;
    const rewriter = new RtpStreamRewriter(() => nowMs, { sequenceNumber: 65_535, timestamp: 2 ** 32 - 960 });
    rewriter.rewrite(frame('tone', 0, 0));
    nowMs = 20;
    const switched = rewriter.rewrite(frame('phone:42', 31_000, 123_456));
    expect(switched).toEqual({ sequenceNumber: 0, timestamp: 0, marker: true });
    nowMs = 40;
    expect(rewriter.rewrite(frame('phone:42', 31_001, 124_416))).toEqual({ sequenceNumber: 1, timestamp: 960, marker: false });
  });

  it('does not move the stream backwards for a late (reordered) packet', () => {
    const rewriter = new RtpStreamRewriter(() => 0, { sequenceNumber: 10, timestamp: 0 });
    rewriter.rewrite(frame('a', 1, 0));
    rewriter.rewrite(frame('a', 3, 1920));
    expect(rewriter.rewrite(frame('a', 2, 960)).sequenceNumber).toBe(11);
    // The next source continues after the newest packet, not after the late one.
    expect(rewriter.rewrite(frame('b', 500, 0)).sequenceNumber).toBe(13);
  });
});
