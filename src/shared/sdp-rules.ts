/**
 * Meta's rules for the SDP a business sends (reference §8.1, §8.3): exactly one m-line and it is
 * audio, a DTLS fingerprint (session or media level), and Opus at 48 kHz. The simulator refuses
 * SDP that breaks them with error 100, as Meta does; the server checks before spending a Graph call;
 * the client lints its own offer/answer before sending.
 */
import { parse } from 'sdp-transform';

export type SdpProblem =
  | 'unparseable'
  | 'no-media'
  | 'not-single-audio-m-line'
  | 'no-fingerprint'
  | 'no-opus'
  | 'no-ice-credentials';

const problemText: Record<SdpProblem, string> = {
  'unparseable': 'SDP could not be parsed',
  'no-media': 'SDP has no media section',
  'not-single-audio-m-line': 'SDP must have exactly one m-line, and it must be audio (no video, no data channel)',
  'no-fingerprint': 'No fingerprint found in SDP',
  'no-opus': 'SDP must offer Opus at 48000 Hz',
  'no-ice-credentials': 'SDP has no ICE ufrag/pwd',
};

export interface SdpVerdict {
  ok: boolean;
  problems: SdpProblem[];
  /** Meta-style details text for error_data.details. */
  details: string;
}

/** Checks an SDP against Meta's business-side rules. Pure; never throws. */
export function checkBusinessSdp(sdp: string): SdpVerdict {
  const problems: SdpProblem[] = [];
  let session: ReturnType<typeof parse>;
  try {
    session = parse(sdp);
  } catch {
    return verdict(['unparseable']);
  }
  if (!sdp.trimStart().startsWith('v=0')) return verdict(['unparseable']);
  const media = session.media ?? [];
  if (media.length === 0) return verdict(['no-media']);
  if (media.length !== 1 || media[0]?.type !== 'audio') problems.push('not-single-audio-m-line');
  const audio = media.find((m) => m.type === 'audio');
  if (!session.fingerprint && !media.some((m) => m.fingerprint)) problems.push('no-fingerprint');
  if (!audio?.rtp?.some((r) => r.codec.toLowerCase() === 'opus' && r.rate === 48000)) problems.push('no-opus');
  const ufrag = session.iceUfrag ?? audio?.iceUfrag;
  const pwd = session.icePwd ?? audio?.icePwd;
  if (!ufrag || !pwd) problems.push('no-ice-credentials');
  return verdict(problems);
}

function verdict(problems: SdpProblem[]): SdpVerdict {
  return { ok: problems.length === 0, problems, details: problems.map((p) => problemText[p]).join('; ') };
}
