/**
 * Splits the ICE candidates out of a remote SDP, so they can be added only once the other side is
 * ready for our checks. Why: Chromium starts connectivity checks the moment it has our answer and the
 * remote candidates; Meta's ICE-lite relay learns our credentials only from the SDP we send it
 * (pre_accept / accept), and a check it cannot yet validate may be refused — after which Chromium
 * gives up on that candidate pair. Holding Meta's candidates until it has our answer avoids the race.
 */
export interface HeldCandidate {
  candidate: string;
  sdpMid: string | null;
  sdpMLineIndex: number;
}

export function holdCandidates(sdp: string): { sdp: string; candidates: HeldCandidate[] } {
  const lines = sdp.split(/\r?\n/);
  const kept: string[] = [];
  const candidates: HeldCandidate[] = [];
  let mLineIndex = -1;
  let pending: string[] = [];
  let mid: string | null = null;
  const flush = () => {
    for (const candidate of pending) candidates.push({ candidate, sdpMid: mid, sdpMLineIndex: mLineIndex });
    pending = [];
  };
  for (const line of lines) {
    if (line.startsWith('m=')) {
      flush();
      mLineIndex += 1;
      mid = null;
    }
    if (line.startsWith('a=mid:')) mid = line.slice('a=mid:'.length).trim();
    if (line.startsWith('a=candidate:') && mLineIndex >= 0) {
      pending.push(line.slice(2));
      continue;
    }
    if (line.startsWith('a=end-of-candidates')) continue;
    kept.push(line);
  }
  flush();
  return { sdp: kept.join('\r\n'), candidates };
}
