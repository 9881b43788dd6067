import { describe, expect, it } from 'vitest';
import { holdCandidates } from './sdp-candidates.ts';

const metaOffer = [
  'v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=ice-lite', 'a=group:BUNDLE audio',
  'm=audio 3484 UDP/TLS/RTP/SAVPF 111 126', 'c=IN IP4 57.144.215.49',
  'a=candidate:1 1 udp 2113937151 57.144.215.49 3484 typ host', 'a=candidate:2 1 udp 2113939711 2a03:2880:f30a:1:face:b00c:0:1 3484 typ host',
  'a=end-of-candidates', 'a=mid:audio', 'a=setup:actpass', 'a=rtpmap:111 opus/48000/2', '',
].join('\r\n');

describe('holding remote candidates', () => {
  it('removes candidate lines and keeps them with their m-line and mid', () => {
    const { sdp, candidates } = holdCandidates(metaOffer);
    expect(sdp).not.toMatch(/a=candidate|end-of-candidates/);
    expect(sdp).toContain('a=ice-lite');
    expect(sdp).toContain('a=rtpmap:111 opus/48000/2');
    expect(candidates).toEqual([
      { candidate: 'candidate:1 1 udp 2113937151 57.144.215.49 3484 typ host', sdpMid: 'audio', sdpMLineIndex: 0 },
      { candidate: 'candidate:2 1 udp 2113939711 2a03:2880:f30a:1:face:b00c:0:1 3484 typ host', sdpMid: 'audio', sdpMLineIndex: 0 },
    ]);
  });

  it('leaves an SDP without candidates unchanged', () => {
    const bare = metaOffer.split('\r\n').filter((l) => !l.includes('candidate')).join('\r\n');
    expect(holdCandidates(bare)).toEqual({ sdp: bare, candidates: [] });
  });
});
