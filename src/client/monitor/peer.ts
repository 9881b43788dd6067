/**
 * The browser-to-browser leg between the agent's page and the supervisor's, on simple-peer (the
 * design card's package; kept off the Meta leg, see call/peer-session.ts). Loaded on first use, so
 * it stays out of every first-load chunk. Typed callbacks instead of simple-peer's string events.
 */
import type { Instance, Options, SignalData } from 'simple-peer';

export interface MonitorPeer {
  signal(data: Record<string, unknown>): void;
  destroy(): void;
}

export interface MonitorPeerOptions {
  initiator: boolean;
  /** What this side sends; none for a listening supervisor (receive only). */
  stream: MediaStream | null;
  onSignal(data: Record<string, unknown>): void;
  onStream(stream: MediaStream): void;
  onClose(): void;
  onError(err: Error): void;
}

type PeerConstructor = new (opts: Options) => Instance;

let loading: Promise<PeerConstructor> | null = null;
/** The prebuilt browser bundle: the package's index.js wants Node's `process` and `Buffer`. */
const loadPeer = () => (loading ??= import('simple-peer/simplepeer.min.js').then((m) => (m.default ?? m) as unknown as PeerConstructor));

export async function openMonitorPeer(o: MonitorPeerOptions): Promise<MonitorPeer> {
  const Peer = await loadPeer();
  // One offer and one answer each way (no trickle): two REST posts per leg instead of one per candidate.
  const peer = new Peer({
    initiator: o.initiator, trickle: false, ...(o.stream ? { stream: o.stream } : {}),
    // A listening supervisor sends nothing: ask for audio anyway so the offer/answer carries a receiving m-line.
    offerOptions: { offerToReceiveAudio: true }, answerOptions: { offerToReceiveAudio: true },
  });
  peer.on('signal', (data: SignalData) => o.onSignal(data as unknown as Record<string, unknown>));
  peer.on('stream', (stream: MediaStream) => o.onStream(stream));
  peer.on('close', () => o.onClose());
  peer.on('error', (err: Error) => o.onError(err));
  return {
    signal: (data) => peer.signal(data as unknown as SignalData),
    destroy: () => peer.destroy(),
  };
}
