/**
 * The simulator's Meta-like media endpoint, built on werift: an ICE-lite business leg, an optional
 * phone page leg, and a headless user (tone / echo / silence) when no phone page takes part. DTMF
 * the business sends is decoded (and still relayed to a phone page).
 */
import { DtmfDecoder } from './dtmf-decoder.ts';
import type { MediaEndpoint, MediaEndpointFactory, MediaStats, UserAudio } from './media-endpoint.ts';
import { SAMPLES_PER_FRAME } from './meta-codecs.ts';
import { opusToneFrames, DEFAULT_TONE_HZ } from './opus-tone.ts';
import type { StopPacer } from './frame-pacer.ts';
import { startFramePacer } from './frame-pacer.ts';
import { PeerLeg } from './peer-leg.ts';
import type { MediaNetworkOptions } from './peer-options.ts';
import type { RtpFrame } from './rtp-rewriter.ts';
import { iceLiteAtSessionLevel } from './sdp-shape.ts';

/** Process-wide settings of the werift media endpoints. */
export interface WeriftMediaOptions {
  network?: MediaNetworkOptions;
  /** Bound on candidate gathering before SDP is returned anyway (host-only gathering takes ~100 ms). */
  gatherTimeoutMs?: number;
  /** Frequency of the headless `tone`, in Hz (integer). Default 440. */
  toneHz?: number;
  /** Media errors that do not end the call (e.g. a failed send). Default: `console.warn`. */
  onError?: (error: unknown, where: { callId: string; context: string }) => void;
}

/** Creates endpoints that share {@link WeriftMediaOptions}. */
export function createWeriftMediaEndpointFactory(options: WeriftMediaOptions = {}): MediaEndpointFactory {
  return { create: (callOptions) => new WeriftMediaEndpoint({ ...options, ...callOptions }) };
}

interface EndpointOptions extends WeriftMediaOptions {
  callId: string;
  dtlsRoleInAnswer?: 'active' | 'passive';
}

/** See {@link MediaEndpoint}. One instance per call; not reusable after {@link close}. */
export class WeriftMediaEndpoint implements MediaEndpoint {
  readonly stats: MediaStats = { businessPacketsIn: 0, businessPacketsOut: 0, phonePacketsIn: 0, phonePacketsOut: 0 };
  private business: PeerLeg | undefined;
  private phone: PeerLeg | undefined;
  private userAudio: UserAudio | undefined;
  private stopTone: StopPacer | undefined;
  private businessMediaSeen = false;
  private firstMediaListeners: Array<() => void> = [];
  private dtmfListeners: Array<(digit: string) => void> = [];
  private readonly dtmf = new DtmfDecoder();
  private closing: Promise<void> | undefined;

  constructor(private readonly options: EndpointOptions) {}

  async answerBusinessOffer(offerSdp: string): Promise<string> {
    const leg = this.openBusinessLeg();
    // Meta's BIC answer sample says `a=setup:active` (Meta is the DTLS client); reference §8.3.
    const sdp = await leg.answer(offerSdp, this.options.dtlsRoleInAnswer ?? 'active');
    this.assertOpen();
    return iceLiteAtSessionLevel(sdp);
  }

  async createBusinessOffer(): Promise<string> {
    const sdp = await this.openBusinessLeg().offer();
    this.assertOpen();
    return iceLiteAtSessionLevel(sdp);
  }

  async applyBusinessAnswer(answerSdp: string): Promise<void> {
    this.assertOpen();
    if (!this.business) throw new Error('applyBusinessAnswer before createBusinessOffer');
    await this.business.applyAnswer(answerSdp);
  }

  startUserMedia(audio: UserAudio): void {
    this.assertOpen();
    this.userAudio = audio;
    this.updateTone();
  }

  async openPhoneLeg(): Promise<string> {
    this.assertOpen();
    if (this.phone) throw new Error('phone leg already open');
    const leg = this.createLeg('phone', false);
    leg.onFrame((frame) => this.fromPhone(frame));
    this.phone = leg;
    // From now on the phone page is the user's voice; the headless tone stops.
    this.updateTone();
    const sdp = await leg.offer();
    this.assertOpen();
    return sdp;
  }

  async acceptPhoneAnswer(answerSdp: string): Promise<void> {
    this.assertOpen();
    if (!this.phone) throw new Error('acceptPhoneAnswer before openPhoneLeg');
    await this.phone.applyAnswer(answerSdp);
  }

  /** If business media already arrived, `listener` runs on the next microtask. */
  onFirstBusinessMedia(listener: () => void): void {
    if (this.businessMediaSeen) queueMicrotask(listener);
    else this.firstMediaListeners.push(listener);
  }

  onDtmf(listener: (digit: string) => void): void {
    this.dtmfListeners.push(listener);
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.stopTone?.();
    this.stopTone = undefined;
    this.firstMediaListeners = [];
    this.dtmfListeners = [];
    await Promise.all([this.business?.close(), this.phone?.close()]);
  }

  private openBusinessLeg(): PeerLeg {
    this.assertOpen();
    if (this.business) throw new Error('business leg already negotiated');
    const leg = this.createLeg('business', true);
    leg.onFrame((frame) => this.fromBusiness(frame));
    this.business = leg;
    return leg;
  }

  private createLeg(name: 'business' | 'phone', iceLite: boolean): PeerLeg {
    return new PeerLeg({
      name,
      iceLite,
      network: this.options.network ?? {},
      gatherTimeoutMs: this.options.gatherTimeoutMs ?? 2000,
      onError: (context, error) => this.reportError(context, error),
    });
  }

  private fromBusiness(frame: RtpFrame): void {
    this.stats.businessPacketsIn++;
    if (!this.businessMediaSeen) {
      this.businessMediaSeen = true;
      const listeners = this.firstMediaListeners;
      this.firstMediaListeners = [];
      for (const listener of listeners) {
        try {
          listener();
        } catch (error) {
          this.reportError('onFirstBusinessMedia listener', error);
        }
      }
    }
    if (frame.codec === 'telephone-event/8000') this.decodeDtmf(frame);
    // Business → user is always relayed to a phone page; a headless user only hears it to echo it.
    if (this.phone) {
      if (this.phone.send(frame)) this.stats.phonePacketsOut++;
    } else if (this.userAudio === 'echo') {
      this.sendToBusiness({ ...frame, sourceId: `echo:${frame.sourceId}` });
    }
  }

  private decodeDtmf(frame: RtpFrame): void {
    for (const digit of this.dtmf.push(frame.timestamp, frame.payload)) {
      for (const listener of this.dtmfListeners) {
        try {
          listener(digit);
        } catch (error) {
          this.reportError('onDtmf listener', error);
        }
      }
    }
  }

  private fromPhone(frame: RtpFrame): void {
    this.stats.phonePacketsIn++;
    // Until the user "picks up" (startUserMedia), nothing of theirs reaches the business.
    if (this.userAudio !== undefined) this.sendToBusiness(frame);
  }

  private sendToBusiness(frame: RtpFrame): void {
    if (this.business?.send(frame)) this.stats.businessPacketsOut++;
  }

  /** The tone plays while the user chose `tone` and no phone page speaks for them. */
  private updateTone(): void {
    const wanted = this.userAudio === 'tone' && !this.phone && !this.closing;
    if (!wanted) {
      this.stopTone?.();
      this.stopTone = undefined;
      return;
    }
    if (this.stopTone) return;
    const frames = opusToneFrames(this.options.toneHz ?? DEFAULT_TONE_HZ);
    this.stopTone = startFramePacer((index) => {
      const payload = frames[index % frames.length];
      if (!payload) return;
      this.sendToBusiness({
        sourceId: 'tone',
        codec: 'opus/48000',
        sequenceNumber: index & 0xffff,
        timestamp: (index * SAMPLES_PER_FRAME) >>> 0,
        marker: index === 0,
        payload,
      });
    });
  }

  private assertOpen(): void {
    if (this.closing) throw new Error(`media endpoint for call ${this.options.callId} is closed`);
  }

  private reportError(context: string, error: unknown): void {
    if (this.closing) return;
    const where = { callId: this.options.callId, context };
    if (this.options.onError) this.options.onError(error, where);
    else console.warn(`[media ${where.callId}] ${context}:`, error);
  }
}
