/**
 * Test support: a werift peer standing in for a browser (the business's Chromium or the phone page).
 * Full ICE, real DTLS and SRTP on loopback. It records every RTP packet it receives and can send an
 * Opus frame loop and RFC 4733 events on one SSRC, numbering them itself like a browser would.
 */
import { RTCPeerConnection, RTCRtpCodecParameters, RtpHeader } from 'werift';
import type { RTCRtpTransceiver, RtpPacket } from 'werift';
import { startFramePacer } from './frame-pacer.ts';
import type { StopPacer } from './frame-pacer.ts';
import { SAMPLES_PER_FRAME } from './meta-codecs.ts';

/** Payload types a browser-ish peer offers; numbers chosen by the test to exercise PT mapping. */
export interface BrowserCodecs {
  opus: number;
  telephoneEvent8k: number;
  /** Extra codecs Chromium offers that Meta does not carry; the endpoint must leave them out. */
  extras: boolean;
}

const CHROMIUM_LIKE: BrowserCodecs = { opus: 111, telephoneEvent8k: 126, extras: true };

function codecs({ opus, telephoneEvent8k, extras }: BrowserCodecs): RTCRtpCodecParameters[] {
  const list = [
    new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2, payloadType: opus, parameters: 'minptime=10;useinbandfec=1' }),
  ];
  if (extras) {
    list.push(
      new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: 8000, channels: 1, payloadType: 0 }),
      new RTCRtpCodecParameters({ mimeType: 'audio/telephone-event', clockRate: 48000, channels: 1, payloadType: 110 }),
    );
  }
  list.push(new RTCRtpCodecParameters({ mimeType: 'audio/telephone-event', clockRate: 8000, channels: 1, payloadType: telephoneEvent8k }));
  return list;
}

/** Rejects with a readable message unless `promise` settles within `ms`. */
export async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A browser stand-in for tests; see the file comment. Default codecs look like Chromium's offer. */
export class TestBrowserPeer {
  readonly pc: RTCPeerConnection;
  /** Every RTP packet received, in arrival order. */
  readonly received: RtpPacket[] = [];
  /** Payloads this peer sent, to recognise them after a relay. */
  readonly sentPayloads = new Set<string>();
  private transceiver: RTCRtpTransceiver | undefined;
  private waiters: Array<{ count: number; resolve: () => void }> = [];
  private sequenceNumber = 1000;
  private timestamp = 50_000;
  private stopSending: StopPacer | undefined;

  constructor(private readonly browserCodecs: BrowserCodecs = CHROMIUM_LIKE) {
    this.pc = new RTCPeerConnection({
      codecs: { audio: codecs(browserCodecs) },
      headerExtensions: { audio: [] },
      iceServers: [],
      iceUseIpv6: false,
      iceAdditionalHostAddresses: ['127.0.0.1'],
    });
    this.pc.onTrack.subscribe((track) => track.onReceiveRtp.subscribe((packet) => this.receive(packet)));
  }

  /** Offers like a browser: full ICE, `a=setup:actpass`, non-trickle (candidates inside). */
  async offer(): Promise<string> {
    this.transceiver = this.pc.addTransceiver('audio', { direction: 'sendrecv' });
    await this.pc.setLocalDescription(await this.pc.createOffer());
    return this.localSdp();
  }

  async applyAnswer(sdp: string): Promise<void> {
    await this.pc.setRemoteDescription({ type: 'answer', sdp });
  }

  /** Answers like a browser: werift picks `a=setup:active`, as Chromium does. */
  async answer(offerSdp: string): Promise<string> {
    await this.pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    const transceiver = this.pc.getTransceivers()[0];
    if (!transceiver) throw new Error('offer without media');
    transceiver.setDirection('sendrecv');
    this.transceiver = transceiver;
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    return this.localSdp();
  }

  /** Resolves once DTLS is up (connectionState `connected`). */
  connected(): Promise<void> {
    if (this.pc.connectionState === 'connected') return Promise.resolve();
    return new Promise((resolve) => {
      const subscription = this.pc.connectionStateChange.subscribe((state) => {
        if (state !== 'connected') return;
        subscription.unSubscribe();
        resolve();
      });
    });
  }

  /** Resolves once at least `count` packets arrived in total. */
  waitForPackets(count: number): Promise<RtpPacket[]> {
    if (this.received.length >= count) return Promise.resolve(this.received);
    return new Promise((resolve) => this.waiters.push({ count, resolve: () => resolve(this.received) }));
  }

  /** Sends the frames in a loop every 20 ms until {@link stop}. */
  sendLoop(frames: readonly Buffer[]): void {
    this.stopSending?.();
    this.stopSending = startFramePacer((index) => {
      const payload = frames[index % frames.length];
      if (payload) this.send(this.browserCodecs.opus, payload, SAMPLES_PER_FRAME);
    });
  }

  /** One RFC 4733 packet for digit `event` (0–9 = DTMF digits), in the same SSRC and sequence space. */
  sendTelephoneEvent(event: number): void {
    // event, E=1 | volume 10, duration 800 (100 ms at 8 kHz)
    this.send(this.browserCodecs.telephoneEvent8k, Buffer.from([event, 0x80 | 10, 0x03, 0x20]), 0);
  }

  /**
   * A whole RFC 4733 event as a browser's DTMF sender emits it: `packets` updates on one RTP
   * timestamp, then the end packet three times (RFC 4733 §2.5.1.4). `event`: 0–9, 10 = *, 11 = #.
   */
  sendDtmfEvent(event: number, packets = 3): void {
    const timestamp = this.timestamp;
    for (let i = 1; i <= packets + 3; i++) {
      const end = i > packets;
      const duration = 400 * Math.min(i, packets + 1);
      this.timestamp = timestamp;
      this.send(this.browserCodecs.telephoneEvent8k, Buffer.from([event, (end ? 0x80 : 0) | 10, duration >> 8, duration & 0xff]), 0);
    }
    // The next event (or audio) starts after this one's duration, in 48 kHz RTP units of the stream.
    this.timestamp = (timestamp + 400 * (packets + 1) * 6) >>> 0;
  }

  stop(): void {
    this.stopSending?.();
    this.stopSending = undefined;
  }

  async close(): Promise<void> {
    this.stop();
    await this.pc.close();
  }

  /** Straight to the transport: werift's sender would stamp Opus's PT on telephone-events. */
  private send(payloadType: number, payload: Buffer, samples: number): void {
    const transceiver = this.transceiver;
    if (!transceiver || transceiver.dtlsTransport.state !== 'connected') return;
    const header = new RtpHeader({
      payloadType,
      ssrc: transceiver.sender.ssrc,
      sequenceNumber: this.sequenceNumber,
      timestamp: this.timestamp,
    });
    this.sequenceNumber = (this.sequenceNumber + 1) & 0xffff;
    this.timestamp = (this.timestamp + samples) >>> 0;
    this.sentPayloads.add(payload.toString('hex'));
    transceiver.dtlsTransport.sendRtp(payload, header).catch(() => {});
  }

  private receive(packet: RtpPacket): void {
    this.received.push(packet);
    const ready = this.waiters.filter((w) => this.received.length >= w.count);
    this.waiters = this.waiters.filter((w) => this.received.length < w.count);
    for (const waiter of ready) waiter.resolve();
  }

  private localSdp(): string {
    // werift gathers host candidates inside setLocalDescription, so the SDP is complete here.
    const sdp = this.pc.localDescription?.sdp;
    if (!sdp || this.pc.iceGatheringState !== 'complete') throw new Error('local description not complete');
    return sdp;
  }
}
