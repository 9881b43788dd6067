/**
 * A fake RTCPeerConnection for the gathering policy and peer-session tests: the test decides which
 * candidates appear and when; `localDescription.sdp` grows with them, as in browsers.
 */
type Listener = (event: unknown) => void;

export const hostUdp = (n = 1) => `candidate:${n} 1 udp 2122194687 192.0.2.${n} 6000${n} typ host generation 0`;
export const hostTcp = (n = 1) => `candidate:${n}${n} 1 tcp 1518214911 192.0.2.${n} 9 typ host tcptype active generation 0`;
export const srflx = (n = 1) => `candidate:${n}${n}${n} 1 udp 1685987071 198.51.100.${n} 4000${n} typ srflx raddr 192.0.2.${n} rport 6000${n}`;
export const relay = (n = 1) => `candidate:${n}${n}${n}${n} 1 udp 41885439 203.0.113.${n} 5000${n} typ relay raddr 198.51.100.${n} rport 4000${n}`;

const baseSdp = ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'm=audio 9 UDP/TLS/RTP/SAVPF 111', 'c=IN IP4 0.0.0.0', 'a=mid:0', 'a=rtpmap:111 opus/48000/2'];

export class FakePeerConnection {
  iceGatheringState: RTCIceGatheringState = 'new';
  localDescription: { type: RTCSdpType; sdp: string } | null = null;
  closed = false;
  readonly config: RTCConfiguration | undefined;
  /** Runs inside `setLocalDescription`, before it resolves: lets a test emit candidates early. */
  onSetLocal: ((pc: FakePeerConnection) => void) | null = null;
  private readonly candidates: string[] = [];
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(config?: RTCConfiguration) {
    this.config = config;
  }

  addEventListener(type: string, listener: Listener): void {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(listener);
  }

  removeEventListener(type: string, listener: Listener): void {
    this.listeners.get(type)?.delete(listener);
  }

  listenerCount(): number {
    return [...this.listeners.values()].reduce((n, set) => n + set.size, 0);
  }

  async setLocalDescription(): Promise<void> {
    this.localDescription = { type: 'offer', sdp: this.sdp() };
    this.onSetLocal?.(this);
  }

  /** A gathered candidate: added to the local description, then announced. */
  candidate(line: string): void {
    this.setState('gathering');
    this.candidates.push(line);
    if (this.localDescription) this.localDescription = { ...this.localDescription, sdp: this.sdp() };
    this.emit('icecandidate', { candidate: { candidate: line } });
  }

  complete(): void {
    this.setState('complete');
    this.emit('icecandidate', { candidate: null });
  }

  addTrack(): void {}
  getTransceivers(): unknown[] {
    return [];
  }
  close(): void {
    this.closed = true;
  }

  private setState(state: RTCIceGatheringState) {
    if (this.iceGatheringState === state) return;
    this.iceGatheringState = state;
    this.emit('icegatheringstatechange', {});
  }

  private emit(type: string, event: unknown) {
    this.listeners.get(type)?.forEach((l) => l(event));
  }

  private sdp(): string {
    return [...baseSdp, ...this.candidates.map((c) => `a=${c}`), ''].join('\r\n');
  }
}
