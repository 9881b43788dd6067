/**
 * One werift peer connection carrying one audio stream: the business leg (ICE-lite, like Meta's
 * relay) or the phone page leg (full ICE). It negotiates non-trickle SDP, reports inbound RTP as
 * codec-keyed frames, and sends frames on one SSRC through an {@link RtpStreamRewriter}.
 */
import { MediaStream, RTCPeerConnection, RtpHeader, RtpPacket } from 'werift';
import type { RTCRtpTransceiver } from 'werift';
import type { CodecKey } from './meta-codecs.ts';
import { codecKeyOf, keepMetaCodecs } from './meta-codecs.ts';
import type { MediaNetworkOptions } from './peer-options.ts';
import { peerConfig } from './peer-options.ts';
import type { RtpFrame } from './rtp-rewriter.ts';
import { RtpStreamRewriter } from './rtp-rewriter.ts';
import type { DtlsSetup } from './sdp-shape.ts';
import { withDtlsSetup, withoutMdnsCandidates } from './sdp-shape.ts';

/** The stream id in our `a=msid`; Meta's relay names its track `WhatsAppTrack1` (reference §8.5). */
export const STREAM_ID = 'WhatsAppStream1';

export interface PeerLegOptions {
  /** Which leg, for source ids of inbound frames and for error reports. */
  name: 'business' | 'phone';
  iceLite: boolean;
  network: MediaNetworkOptions;
  /** Upper bound on waiting for candidate gathering before returning SDP anyway. */
  gatherTimeoutMs: number;
  onError: (context: string, error: unknown) => void;
}

/** Inbound RTP, already mapped to a codec key; `sourceId` is `<leg>:<ssrc>`. */
export type FrameListener = (frame: RtpFrame) => void;

/** One leg of a call's media; created and owned by the endpoint. */
export class PeerLeg {
  private readonly pc: RTCPeerConnection;
  private readonly rewriter = new RtpStreamRewriter();
  private transceiver: RTCRtpTransceiver | undefined;
  private payloadTypes = new Map<CodecKey, number>();
  private codecKeys = new Map<number, CodecKey>();
  private frameListener: FrameListener = () => {};

  constructor(private readonly options: PeerLegOptions) {
    this.pc = new RTCPeerConnection(peerConfig(options.network, options.iceLite));
    this.pc.onTrack.subscribe((track) => {
      track.onReceiveRtp.subscribe((packet) => this.receive(packet));
    });
  }

  /** Receives every inbound audio frame (Opus and telephone-event). */
  onFrame(listener: FrameListener): void {
    this.frameListener = listener;
  }

  /** Answers a remote offer; `setup` picks our DTLS role. Returns the local SDP with all candidates. */
  async answer(offerSdp: string, setup: Exclude<DtlsSetup, 'actpass'>): Promise<string> {
    await this.pc.setRemoteDescription({ type: 'offer', sdp: withoutMdnsCandidates(offerSdp) });
    const transceiver = this.pc.getTransceivers().find((t) => t.kind === 'audio');
    if (!transceiver) throw new Error('the offer has no audio m-line');
    // The remote offer created this transceiver recvonly; the relay always sends too.
    transceiver.setDirection('sendrecv');
    this.useMetaCodecs(transceiver);
    this.announceStream(transceiver);
    const answer = await this.pc.createAnswer();
    await this.pc.setLocalDescription({ type: 'answer', sdp: withDtlsSetup(answer.sdp, setup) });
    return this.localSdpWhenGathered();
  }

  /** Creates a `sendrecv` audio offer (`a=setup:actpass`). Returns the local SDP with all candidates. */
  async offer(): Promise<string> {
    const transceiver = this.pc.addTransceiver('audio', { direction: 'sendrecv' });
    this.announceStream(transceiver);
    await this.pc.setLocalDescription(await this.pc.createOffer());
    this.bind(transceiver);
    return this.localSdpWhenGathered();
  }

  /** Applies the remote answer to {@link offer}; ICE and DTLS start from here. */
  async applyAnswer(answerSdp: string): Promise<void> {
    if (!this.transceiver) throw new Error(`${this.options.name} leg: answer before offer`);
    await this.pc.setRemoteDescription({ type: 'answer', sdp: withoutMdnsCandidates(answerSdp) });
    this.useMetaCodecs(this.transceiver);
  }

  /** DTLS is up, so SRTP can flow. */
  get connected(): boolean {
    return this.transceiver?.dtlsTransport.state === 'connected';
  }

  /**
   * Sends a frame on this leg's single SSRC. Returns false (and drops it) before DTLS is up or when
   * the leg did not negotiate the frame's codec.
   */
  send(frame: RtpFrame): boolean {
    const transceiver = this.transceiver;
    const payloadType = this.payloadTypes.get(frame.codec);
    if (!transceiver || !this.connected || payloadType === undefined) return false;
    const { sender } = transceiver;
    const numbers = this.rewriter.rewrite(frame);
    const header = new RtpHeader({ ...numbers, payloadType, ssrc: sender.ssrc });
    const packet = new RtpPacket(header, frame.payload);
    // werift's sender stamps its first codec's PT on everything it sends, which would turn DTMF into
    // Opus. Opus goes through the sender (it keeps RTCP sender reports right); other codecs go
    // straight to the transport, with numbering already continuous thanks to the rewriter.
    const sent =
      payloadType === sender.codec?.payloadType
        ? sender.sendRtp(packet)
        : transceiver.dtlsTransport.sendRtp(packet.payload, packet.header);
    sent.catch((error: unknown) => this.options.onError(`${this.options.name} send`, error));
    return true;
  }

  /** Closes the peer connection and its UDP sockets; idempotent. */
  async close(): Promise<void> {
    this.frameListener = () => {};
    await this.pc.close();
  }

  /**
   * Writes `a=msid` as Meta does, so the browser's `track` event carries a real stream
   * (`event.streams[0]`) instead of depending on how it treats an msid-less m-line.
   */
  private announceStream(transceiver: RTCRtpTransceiver): void {
    transceiver.sender.setStreams([new MediaStream({ id: STREAM_ID })]);
  }

  /**
   * Keeps only what Meta carries (drops red, G.711, telephone-event/48000…), Opus first, and makes
   * Opus the sending codec: werift sends on the first codec of the remote SDP, whatever it is.
   */
  private useMetaCodecs(transceiver: RTCRtpTransceiver): void {
    transceiver.codecs = keepMetaCodecs(transceiver.codecs);
    const [first] = transceiver.codecs;
    if (!first || codecKeyOf(first) !== 'opus/48000') throw new Error(`${this.options.name} leg: no Opus/48000 negotiated`);
    transceiver.sender.codec = first;
    this.bind(transceiver);
  }

  /** Learns the negotiated payload types, which follow the offerer's numbering. */
  private bind(transceiver: RTCRtpTransceiver): void {
    this.transceiver = transceiver;
    const pairs = transceiver.codecs.flatMap((codec) => {
      const key = codecKeyOf(codec);
      return key ? [[key, codec.payloadType] as const] : [];
    });
    this.payloadTypes = new Map(pairs);
    this.codecKeys = new Map(pairs.map(([key, pt]) => [pt, key]));
  }

  private receive(packet: RtpPacket): void {
    const codec = this.codecKeys.get(packet.header.payloadType);
    if (!codec) return;
    const { header } = packet;
    this.frameListener({
      sourceId: `${this.options.name}:${header.ssrc}`,
      codec,
      sequenceNumber: header.sequenceNumber,
      timestamp: header.timestamp,
      marker: header.marker,
      payload: packet.payload,
    });
  }

  private async localSdpWhenGathered(): Promise<string> {
    await new Promise<void>((resolve) => {
      if (this.pc.iceGatheringState === 'complete') return resolve();
      const timer = setTimeout(done, this.options.gatherTimeoutMs);
      const subscription = this.pc.iceGatheringStateChange.subscribe((state) => state === 'complete' && done());
      function done(): void {
        clearTimeout(timer);
        subscription.unSubscribe();
        resolve();
      }
    });
    const sdp = this.pc.localDescription?.sdp;
    if (!sdp) throw new Error(`${this.options.name} leg has no local description (closed?)`);
    return sdp;
  }
}
