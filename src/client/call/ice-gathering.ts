/**
 * When our one non-trickle SDP for Meta is worth sending. Waiting for gathering "complete" cost
 * ~120 ms per call: Chromium announces its TCP candidates that long after the UDP host candidate,
 * and Meta's relay uses none of them (it is ICE-lite over UDP and learns our public address from our
 * checks as a peer-reflexive candidate, whatsapp-calling-api.md §8.2). So we send once the first
 * candidate of the kind that can reach Meta is in, plus a short grace for its siblings on the other
 * interfaces: a UDP host candidate, or a server-reflexive/relay one when STUN/TURN servers are set.
 */

/**
 * Why 1.5 s: host candidates arrive within milliseconds; an unreachable STUN/TURN server can keep
 * gathering "in progress" for 10 s or more, and Meta accepts peer-reflexive checks anyway (§8.2).
 */
export const GATHER_CAP_MS = 1500;

/** Why 5 ms: Chromium emits the UDP candidates of all interfaces (IPv4, IPv6) within a millisecond or two of each other. */
export const GATHER_GRACE_MS = 5;

export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

/** The candidate types that make our SDP sendable under this configuration. */
export function wantedCandidates(config: RTCConfiguration | undefined): ReadonlySet<CandidateType> {
  if (config?.iceTransportPolicy === 'relay') return new Set(['relay']);
  const servers = (config?.iceServers ?? []).some((s) => (Array.isArray(s.urls) ? s.urls.length > 0 : Boolean(s.urls)));
  return new Set(servers ? ['srflx', 'relay'] : ['host']);
}

/** `typ` and transport of an `a=candidate` value; null for anything unparseable. */
export function parseCandidate(candidate: string): { type: CandidateType; protocol: 'udp' | 'tcp' } | null {
  const match = /^(?:a=)?candidate:\S+ \d+ (udp|tcp) \d+ \S+ \d+ typ (host|srflx|prflx|relay)\b/i.exec(candidate.trim());
  if (!match) return null;
  return { protocol: match[1]!.toLowerCase() as 'udp' | 'tcp', type: match[2]!.toLowerCase() as CandidateType };
}

/** Host candidates must be UDP (Meta's relay takes no TCP); reflexive and relay ones count whatever the relay transport. */
function usable(candidate: string, wanted: ReadonlySet<CandidateType>): boolean {
  const parsed = parseCandidate(candidate);
  if (!parsed || !wanted.has(parsed.type)) return false;
  return parsed.type !== 'host' || parsed.protocol === 'udp';
}

/** What the wait needs of an RTCPeerConnection (a fake in tests). */
export type GatheringPeer = Pick<RTCPeerConnection, 'iceGatheringState' | 'localDescription' | 'addEventListener' | 'removeEventListener'>;

export interface GatherOptions {
  wanted: ReadonlySet<CandidateType>;
  graceMs?: number;
  capMs?: number;
}

/**
 * Resolves at the first of: gathering complete; a usable candidate plus `graceMs`; `capMs`.
 * Call it BEFORE `setLocalDescription`, so no candidate event can slip past the listener.
 */
export function gatheredEnough(pc: GatheringPeer, { wanted, graceMs = GATHER_GRACE_MS, capMs = GATHER_CAP_MS }: GatherOptions): Promise<void> {
  return new Promise((resolve) => {
    let grace: ReturnType<typeof setTimeout> | undefined;
    const done = () => {
      clearTimeout(cap);
      clearTimeout(grace);
      pc.removeEventListener('icecandidate', onCandidate);
      pc.removeEventListener('icegatheringstatechange', onState);
      resolve();
    };
    const onState = () => pc.iceGatheringState === 'complete' && done();
    const onCandidate = (event: RTCPeerConnectionIceEvent) => {
      if (grace === undefined && event.candidate && usable(event.candidate.candidate, wanted)) grace = setTimeout(done, graceMs);
    };
    const cap = setTimeout(done, capMs);
    pc.addEventListener('icecandidate', onCandidate);
    pc.addEventListener('icegatheringstatechange', onState);
    onState();
  });
}
