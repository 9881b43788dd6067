/**
 * RFC 4733 `telephone-event` packets the business sends (PT 126 at 8000 Hz on Meta's relay,
 * reference §8.1, §8.6) turned into digits, each once per event. One event is several packets
 * with the same RTP timestamp; its end is marked by the E bit, and the end packet is repeated
 * (RFC 4733 §2.5.1.4). An event whose end never arrives is recorded when the next one starts.
 */

/** Event codes 0–15 (RFC 4733 §3.2): the digits, `*`, `#`, and A–D. */
const DIGITS = '0123456789*#ABCD';
/** Timestamps of recently recorded events, to drop late repeats of their end packets. */
const REMEMBERED = 32;

export class DtmfDecoder {
  private readonly recorded: number[] = [];
  private pending: { timestamp: number; digit: string } | null = null;

  /** One telephone-event packet: its RTP timestamp and payload. Returns the digits completed by it (usually none or one). */
  push(timestamp: number, payload: Uint8Array): string[] {
    const event = payload[0];
    const flags = payload[1];
    if (payload.length < 4 || event === undefined || flags === undefined || event >= DIGITS.length) return [];
    if (this.recorded.includes(timestamp)) return [];
    const digits: string[] = [];
    if (this.pending && this.pending.timestamp !== timestamp) digits.push(this.record(this.pending));
    const current = { timestamp, digit: DIGITS[event]! };
    if ((flags & 0x80) !== 0) digits.push(this.record(current));
    else this.pending = current;
    return digits;
  }

  private record(event: { timestamp: number; digit: string }): string {
    this.pending = null;
    this.recorded.push(event.timestamp);
    if (this.recorded.length > REMEMBERED) this.recorded.shift();
    return event.digit;
  }
}
