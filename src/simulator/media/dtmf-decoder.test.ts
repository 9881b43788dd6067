import { describe, expect, it } from 'vitest';
import { DtmfDecoder } from './dtmf-decoder.ts';

/** An RFC 4733 payload: event, E bit + volume 10, duration. */
const packet = (event: number, end: boolean, duration = 160) => Uint8Array.from([event, (end ? 0x80 : 0) | 10, duration >> 8, duration & 0xff]);

/** A whole event as a sender emits it: `body` packets without E, then the end packet `ends` times. */
function event(code: number, timestamp: number, body = 3, ends = 3): Array<[number, Uint8Array]> {
  return [
    ...Array.from({ length: body }, (_, i) => [timestamp, packet(code, false, 160 * (i + 1))] as [number, Uint8Array]),
    ...Array.from({ length: ends }, () => [timestamp, packet(code, true, 160 * (body + 1))] as [number, Uint8Array]),
  ];
}

const decode = (packets: Array<[number, Uint8Array]>) => {
  const decoder = new DtmfDecoder();
  return packets.flatMap(([timestamp, payload]) => decoder.push(timestamp, payload));
};

describe('DtmfDecoder', () => {
  it('records each event once, at its first end packet: digits, * and #, A–D', () => {
    const codes = [1, 2, 10, 11, 0, 15, 12];
    expect(decode(codes.flatMap((code, i) => event(code, 8000 * (i + 1))))).toEqual(['1', '2', '*', '#', '0', 'D', 'A']);
  });

  it('records an event whose end packets were all lost when the next event starts', () => {
    expect(decode([...event(5, 1000, 4, 0), ...event(6, 2000)])).toEqual(['5', '6']);
  });

  it('ignores late repeats of an end packet, even after the next event began', () => {
    const [first, second] = [event(3, 1000), event(4, 2000)];
    const shuffled = [...first.slice(0, 4), ...second.slice(0, 2), first[5]!, ...second.slice(2)];
    expect(decode(shuffled)).toEqual(['3', '4']);
  });

  it('the same key pressed twice is two events (two timestamps)', () => {
    expect(decode([...event(7, 1000), ...event(7, 3000)])).toEqual(['7', '7']);
  });

  it('property: for any sequence of events with any number of repeated end packets, each digit once, in order', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 200; run++) {
      const codes = Array.from({ length: 1 + Math.floor(random() * 8) }, () => Math.floor(random() * 16));
      const packets = codes.flatMap((code, i) => event(code, 1000 * (i + 1), Math.floor(random() * 5), 1 + Math.floor(random() * 4)));
      expect(decode(packets)).toEqual(codes.map((code) => '0123456789*#ABCD'[code]));
    }
  });

  it('ignores short payloads and event codes that are not keys', () => {
    expect(decode([[1000, Uint8Array.from([1, 0x80])], [2000, packet(16, true)], [3000, packet(255, true)]])).toEqual([]);
  });
});
