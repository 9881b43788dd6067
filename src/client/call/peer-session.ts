/**
 * The only RTCPeerConnection code for the WhatsApp (Meta) leg. Meta takes exactly one SDP per
 * direction, with no trickle and no renegotiation (whatsapp-calling-api.md §8.2), so each helper
 * gathers the candidates that can reach Meta (ice-gathering.ts), then hands back
 * `localDescription.sdp` once. Native API on purpose: simple-peer always offers a data channel, and
 * Meta accepts a single audio m-line (stack.md §1).
 */
import { gatheredEnough, wantedCandidates } from './ice-gathering.ts';
import { holdCandidates, type HeldCandidate } from './sdp-candidates.ts';

export interface PeerSession {
  /** Applies Meta's SDP answer to our offer (business-initiated call). */
  applyAnswer(sdp: string): Promise<void>;
  /** Starts sending the microphone on the already negotiated sendrecv transceiver; no renegotiation. */
  attachMic(track: MediaStreamTrack): Promise<void>;
  /** Calls back with the remote stream, at once if it already arrived. Returns an unsubscribe. */
  onRemoteStream(listener: (stream: MediaStream) => void): () => void;
  /**
   * Adds the remote candidates held back by `answerMetaOffer`, so connectivity checks start only
   * once Meta has our answer (see sdp-candidates.ts). Idempotent; a no-op when nothing was held.
   */
  releaseRemoteCandidates(): Promise<void>;
  /** Calls back when ICE/DTLS fails for good. Returns an unsubscribe. */
  onFailed(listener: () => void): () => void;
  /** The connection's statistics (quality-monitor.ts reads RTT, jitter, loss and the mic level). */
  getStats(): Promise<RTCStatsReport>;
  /**
   * Queues RFC 4733 telephone-events on the audio sender (Meta negotiates telephone-event/8000).
   * False when the sender cannot send DTMF now (no track attached yet, or no telephone-event).
   */
  sendDtmf(tones: string): boolean;
  close(): void;
}

export interface LocalSdp {
  session: PeerSession;
  sdp: string;
}

/** The one audio sender of the Meta leg (its transceiver is found by the receiver, which always exists). */
const audioSender = (pc: RTCPeerConnection) => pc.getTransceivers().find((t) => t.receiver.track.kind === 'audio')?.sender;

function wrap(pc: RTCPeerConnection, held: HeldCandidate[] = []): PeerSession {
  let remote: MediaStream | null = null;
  let toRelease = held;
  const streamListeners = new Set<(stream: MediaStream) => void>();
  const failListeners = new Set<() => void>();
  pc.addEventListener('track', (e) => {
    const stream = e.streams[0] ?? new MediaStream([e.track]);
    remote = stream;
    streamListeners.forEach((l) => l(stream));
  });
  pc.addEventListener('connectionstatechange', () => {
    if (pc.connectionState === 'failed') failListeners.forEach((l) => l());
  });
  return {
    applyAnswer: (sdp) => pc.setRemoteDescription({ type: 'answer', sdp }),
    async releaseRemoteCandidates() {
      const candidates = toRelease;
      toRelease = [];
      for (const c of candidates) await pc.addIceCandidate(c);
    },
    async attachMic(track) {
      const sender = audioSender(pc);
      if (!sender) throw new Error('The call has no audio channel to send on.');
      await sender.replaceTrack(track);
    },
    onRemoteStream(listener) {
      streamListeners.add(listener);
      if (remote) listener(remote);
      return () => streamListeners.delete(listener);
    },
    onFailed(listener) {
      failListeners.add(listener);
      return () => failListeners.delete(listener);
    },
    getStats: () => pc.getStats(),
    sendDtmf(tones) {
      const dtmf = audioSender(pc)?.dtmf;
      if (!dtmf?.canInsertDTMF) return false;
      // Appended, not replaced, so fast typing queues every digit; 100 ms tone + 70 ms gap (RFC 4733 §2.5 minimums are 40/40).
      dtmf.insertDTMF(dtmf.toneBuffer + tones, 100, 70);
      return true;
    },
    close() {
      streamListeners.clear();
      failListeners.clear();
      pc.close();
    },
  };
}

async function finish(pc: RTCPeerConnection, session: PeerSession, config: RTCConfiguration | undefined): Promise<LocalSdp> {
  const gathered = gatheredEnough(pc, { wanted: wantedCandidates(config) });
  await pc.setLocalDescription();
  await gathered;
  const sdp = pc.localDescription?.sdp;
  if (!sdp) throw new Error('The browser produced no local description.');
  return { session, sdp };
}

/** Business-initiated call: one sendrecv audio m-line carrying the mic, no data channel. */
export async function createBusinessOffer(mic: MediaStream, config?: RTCConfiguration): Promise<LocalSdp> {
  const track = mic.getAudioTracks()[0];
  if (!track) throw new Error('The microphone stream has no audio track.');
  const pc = new RTCPeerConnection(config);
  const session = wrap(pc);
  try {
    pc.addTrack(track, mic);
    return await finish(pc, session, config);
  } catch (err) {
    pc.close();
    throw err;
  }
}

/**
 * Answers a remote audio offer with a sendrecv transceiver. With `mic` null no media is sent until
 * `attachMic` (Meta: nothing before accept, reference §10.1 step 2), yet ICE and DTLS can finish early.
 */
export async function answerOffer(offerSdp: string, mic: MediaStream | null, config?: RTCConfiguration, options: { holdRemoteCandidates?: boolean } = {}): Promise<LocalSdp> {
  const pc = new RTCPeerConnection(config);
  const { sdp: remoteSdp, candidates } = options.holdRemoteCandidates ? holdCandidates(offerSdp) : { sdp: offerSdp, candidates: [] };
  const session = wrap(pc, candidates);
  try {
    await pc.setRemoteDescription({ type: 'offer', sdp: remoteSdp });
    const transceiver = pc.getTransceivers()[0];
    if (!transceiver) throw new Error('The offer has no media section.');
    transceiver.direction = 'sendrecv';
    const track = mic?.getAudioTracks()[0];
    if (track) await transceiver.sender.replaceTrack(track);
    return await finish(pc, session, config);
  } catch (err) {
    pc.close();
    throw err;
  }
}

/**
 * User-initiated call: answer Meta's offer with no live mic yet, holding Meta's candidates until
 * `releaseRemoteCandidates` (after pre_accept or accept reached Meta).
 */
export const answerMetaOffer = (offerSdp: string, config?: RTCConfiguration) => answerOffer(offerSdp, null, config, { holdRemoteCandidates: true });
