/**
 * SDP fixtures shaped like what browsers really send. `chromiumAudioOffer` is a stock Chromium
 * offer for one microphone track (one audio m-line, BUNDLE 0, Opus/red/G722/PCMU/PCMA/CN and two
 * telephone-events, gathered candidates, actpass): the shape Meta's doc samples show (§8.5).
 */
const crlf = (lines: string[]) => `${lines.join('\r\n')}\r\n`;

const fingerprint = 'a=fingerprint:sha-256 5E:1B:4C:9A:7D:22:0F:3B:8E:61:C4:92:AD:17:5F:E0:3A:BB:76:0C:D9:48:21:6E:F3:85:1A:C7:04:9D:B2:6F';

const audioSection = [
  'm=audio 54321 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126',
  'c=IN IP4 192.168.1.23',
  'a=rtcp:9 IN IP4 0.0.0.0',
  'a=candidate:1467250027 1 udp 2122260223 192.168.1.23 54321 typ host generation 0 network-id 1 network-cost 10',
  'a=candidate:3711362919 1 udp 1686052607 203.0.113.7 54321 typ srflx raddr 192.168.1.23 rport 54321 generation 0 network-id 1 network-cost 10',
  'a=ice-ufrag:Fq3w',
  'a=ice-pwd:k0iG3/ZB+1mXQ2dXo6Lw1r6T',
  'a=ice-options:trickle',
  fingerprint,
  'a=setup:actpass',
  'a=mid:0',
  'a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level',
  'a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
  'a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
  'a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid',
  'a=sendrecv',
  'a=msid:6d5b7c1e-4b5f-4b8e-9d0a-2f7f6c1a9e11 0c8e2f4a-5b6c-4d7e-8f90-a1b2c3d4e5f6',
  'a=rtcp-mux',
  'a=rtpmap:111 opus/48000/2',
  'a=rtcp-fb:111 transport-cc',
  'a=fmtp:111 minptime=10;useinbandfec=1',
  'a=rtpmap:63 red/48000/2',
  'a=fmtp:63 111/111',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:8 PCMA/8000',
  'a=rtpmap:13 CN/8000',
  'a=rtpmap:110 telephone-event/48000',
  'a=rtpmap:126 telephone-event/8000',
  'a=ssrc:3735928559 cname:Yq1pY0S5vYbQq2Hx',
  'a=ssrc:3735928559 msid:6d5b7c1e-4b5f-4b8e-9d0a-2f7f6c1a9e11 0c8e2f4a-5b6c-4d7e-8f90-a1b2c3d4e5f6',
];

const sessionHeader = (bundle: string) => [
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  `a=group:BUNDLE ${bundle}`,
  'a=extmap-allow-mixed',
  'a=msid-semantic: WMS 6d5b7c1e-4b5f-4b8e-9d0a-2f7f6c1a9e11',
];

/** Chromium's offer for getUserMedia({audio:true}) + addTrack, gathering complete. */
export const chromiumAudioOffer = crlf([...sessionHeader('0'), ...audioSection]);

/** What simple-peer and friends produce: the audio track plus a data channel (Meta refuses it, §8.1). */
export const chromiumDataChannelOffer = crlf([
  ...sessionHeader('0 1'),
  ...audioSection,
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  'c=IN IP4 0.0.0.0',
  'a=ice-ufrag:Fq3w',
  'a=ice-pwd:k0iG3/ZB+1mXQ2dXo6Lw1r6T',
  'a=ice-options:trickle',
  fingerprint,
  'a=setup:actpass',
  'a=mid:1',
  'a=sctp-port:5000',
  'a=max-message-size:262144',
]);

/** The audio offer with its DTLS fingerprint stripped (Meta: "No fingerprint found in SDP", §8.3). */
export const offerWithoutFingerprint = chromiumAudioOffer.replace(`${fingerprint}\r\n`, '');

/** Chromium's answer to a Meta offer (mid "audio", DTLS client as Meta asks, §8.3). */
export function chromiumAnswer(variant = 1): string {
  return crlf([
    'v=0',
    `o=- 71234567890123456${variant} 2 IN IP4 127.0.0.1`,
    's=-',
    't=0 0',
    'a=group:BUNDLE audio',
    'a=msid-semantic: WMS agent-mic',
    'm=audio 50000 UDP/TLS/RTP/SAVPF 111 126',
    'c=IN IP4 192.168.1.23',
    'a=rtcp:9 IN IP4 0.0.0.0',
    `a=candidate:1467250027 1 udp 2122260223 192.168.1.23 ${50000 + variant} typ host generation 0 network-id 1`,
    `a=ice-ufrag:Ab${variant}d`,
    'a=ice-pwd:QmT7gY2bZc9rL4sV1xK8pN3w',
    fingerprint,
    'a=setup:active',
    'a=mid:audio',
    'a=sendrecv',
    'a=msid:agent-mic 7f3e1d2c-0b9a-4c8d-a7e6-f5d4c3b2a190',
    'a=rtcp-mux',
    'a=rtpmap:111 opus/48000/2',
    'a=rtcp-fb:111 transport-cc',
    'a=fmtp:111 minptime=10;useinbandfec=1',
    'a=rtpmap:126 telephone-event/8000',
    'a=ssrc:2882400001 cname:Zx9pQ2w8Lk3mNb7v',
  ]);
}
