import { describe, expect, it } from 'vitest';
import { iceLiteAtSessionLevel, withDtlsSetup, withoutMdnsCandidates } from './sdp-shape.ts';

const weriftLike = [
  'v=0',
  'o=- 1 0 IN IP4 0.0.0.0',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 126',
  'c=IN IP4 0.0.0.0',
  'a=ice-ufrag:abcd',
  'a=ice-lite',
  'a=setup:active',
  'a=mid:0',
  '',
].join('\r\n');

describe('iceLiteAtSessionLevel', () => {
  it('moves a=ice-lite before the first m-line and keeps everything else in order', () => {
    const lines = iceLiteAtSessionLevel(weriftLike).split('\r\n');
    expect(lines.indexOf('a=ice-lite')).toBe(lines.indexOf('m=audio 9 UDP/TLS/RTP/SAVPF 111 126') - 1);
    expect(lines.filter((line) => line === 'a=ice-lite')).toHaveLength(1);
    expect(lines.filter((line) => line !== 'a=ice-lite')).toEqual(weriftLike.split('\r\n').filter((line) => line !== 'a=ice-lite'));
  });

  it('leaves a full-ICE SDP without ice-lite', () => {
    const full = weriftLike.replace('a=ice-lite\r\n', '');
    expect(iceLiteAtSessionLevel(full)).toBe(full);
  });
});

describe('withDtlsSetup', () => {
  it('rewrites the setup role', () => {
    expect(withDtlsSetup(weriftLike, 'passive')).toContain('\r\na=setup:passive\r\n');
    expect(withDtlsSetup(weriftLike, 'passive')).not.toContain('a=setup:active');
  });
});

describe('withoutMdnsCandidates', () => {
  it('drops .local candidates and keeps address candidates', () => {
    const sdp = weriftLike.replace(
      'a=mid:0\r\n',
      [
        'a=mid:0',
        'a=candidate:3672481157 1 udp 2113937151 44765952-70a4-4e78-8137-d6a1fa88cd38.local 56594 typ host generation 0',
        'a=candidate:2937136253 1 udp 2122194687 192.0.2.2 56296 typ host generation 0',
        '',
      ].join('\r\n'),
    );
    const kept = withoutMdnsCandidates(sdp).split('\r\n').filter((line) => line.startsWith('a=candidate:'));
    expect(kept).toEqual(['a=candidate:2937136253 1 udp 2122194687 192.0.2.2 56296 typ host generation 0']);
  });
});
