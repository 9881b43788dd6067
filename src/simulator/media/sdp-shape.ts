/**
 * Small line edits that make werift's SDP look like Meta's (reference §8.5). Line-based on purpose:
 * a parse/write round trip through sdp-transform would reorder attributes werift just emitted.
 */

const EOL = '\r\n';

function lines(sdp: string): string[] {
  return sdp.split(/\r?\n/).filter((line) => line.length > 0);
}

function join(sdpLines: string[]): string {
  return sdpLines.join(EOL) + EOL;
}

/**
 * Moves `a=ice-lite` to the session level, where Meta puts it and RFC 8839 §5.3 defines it.
 * werift writes it in the media section, where libwebrtc's parser may not look.
 */
export function iceLiteAtSessionLevel(sdp: string): string {
  const all = lines(sdp);
  const hadIceLite = all.includes('a=ice-lite');
  const rest = all.filter((line) => line !== 'a=ice-lite');
  if (!hadIceLite) return join(rest);
  const firstMedia = rest.findIndex((line) => line.startsWith('m='));
  const at = firstMedia === -1 ? rest.length : firstMedia;
  return join([...rest.slice(0, at), 'a=ice-lite', ...rest.slice(at)]);
}

/** DTLS role written as the SDP `a=setup` value. */
export type DtlsSetup = 'active' | 'passive' | 'actpass';

/**
 * Sets every `a=setup` line. werift reads its DTLS role back from the SDP given to
 * setLocalDescription, so editing the answer before applying it really changes who sends ClientHello.
 */
export function withDtlsSetup(sdp: string, setup: DtlsSetup): string {
  return join(lines(sdp).map((line) => (line.startsWith('a=setup:') ? `a=setup:${setup}` : line)));
}

/**
 * Drops `.local` (mDNS) candidates from a browser's SDP. Chromium hides its host addresses behind
 * mDNS names unless the page holds microphone permission. werift would resolve each name with its
 * own multicast socket and a 10 s timer that outlives `close()`; and it needs none of them, because
 * the browser sends connectivity checks to our host candidates and werift learns its address from
 * those (peer-reflexive), as Meta's relay does (reference §8.2).
 */
export function withoutMdnsCandidates(sdp: string): string {
  return join(lines(sdp).filter((line) => !/^a=candidate:\S+ \d+ \S+ \d+ \S+\.local /i.test(line)));
}
