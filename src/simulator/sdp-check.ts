/**
 * Meta's SDP validation of a Graph request (reference §2, §8): the session type must fit the
 * action and the SDP must pass `checkBusinessSdp`; otherwise error 100 with the reasons in details.
 */
import type { Session } from '../shared/meta-api.ts';
import { checkBusinessSdp } from '../shared/sdp-rules.ts';
import { invalidParameter } from './graph-errors.ts';

/** Returns the SDP of a valid session, or throws Meta's error 100. */
export function requireBusinessSdp(session: Session, expected: Session['sdp_type'], action: string): string {
  if (session.sdp_type !== expected) {
    throw invalidParameter(`session.sdp_type must be "${expected}" for ${action}, got "${session.sdp_type}".`);
  }
  const verdict = checkBusinessSdp(session.sdp);
  if (!verdict.ok) throw invalidParameter(`Invalid SDP: ${verdict.details}.`);
  return session.sdp;
}

/** Same SDP for Meta's "accept must match pre_accept" rule: line endings and trailing space aside. */
export function sameSdp(a: string, b: string): boolean {
  const norm = (sdp: string) => sdp.replace(/\r\n/g, '\n').split('\n').map((line) => line.trimEnd()).join('\n').trim();
  return norm(a) === norm(b);
}
