/**
 * A signalling-only `MediaEndpointFactory`: Meta-shaped SDP (ICE-lite, Opus 111 + telephone-event
 * 126/8000, one host candidate on 127.0.0.1, reference §8.5) and no sockets. Unit tests drive it
 * by hand (`emitBusinessMedia`); the standalone simulator uses it with `SIMULATOR_MEDIA=none`,
 * where `autoBusinessMedia` stands in for the business's RTP so the 20 s media timer stays quiet.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { parse } from 'sdp-transform';
import type { MediaEndpoint, MediaEndpointFactory, MediaStats, UserAudio } from './media/media-endpoint.ts';

export interface FakeMediaEndpoint extends MediaEndpoint {
  readonly callId: string;
  /** Method names in call order, for assertions. */
  readonly calls: string[];
  readonly closed: boolean;
  /** The audio mode `startUserMedia` was called with. */
  readonly userAudio: UserAudio | null;
  /** The business's SDP as received (offer on business-initiated calls, answer on user-initiated ones). */
  readonly businessSdp: string | null;
  /** Simulates the first RTP packet from the business. */
  emitBusinessMedia(): void;
  /** Simulates one RFC 4733 event from the business. */
  emitDtmf(digit: string): void;
}

export interface FakeMediaFactory extends MediaEndpointFactory {
  /** Every endpoint created, by call id. */
  readonly endpoints: Map<string, FakeMediaEndpoint>;
}

export interface FakeMediaOptions {
  /** Report business media as soon as the business's SDP is applied (default false). */
  autoBusinessMedia?: boolean;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const fingerprint = () => randomBytes(32).toString('hex').toUpperCase().match(/../g)!.join(':');

/** A Meta-like SDP with one audio m-line, CRLF line endings. */
function metaSdp(mid: string, setup: 'actpass' | 'active' | 'passive'): string {
  const port = randomInt(3478, 3500);
  return [
    'v=0',
    `o=- ${Date.now()} 2 IN IP4 127.0.0.1`,
    's=-',
    't=0 0',
    `a=group:BUNDLE ${mid}`,
    'a=msid-semantic: WMS simulator',
    'a=ice-lite',
    `m=audio ${port} UDP/TLS/RTP/SAVPF 111 126`,
    'c=IN IP4 127.0.0.1',
    'a=rtcp:9 IN IP4 0.0.0.0',
    `a=candidate:${randomInt(1e9, 4e9)} 1 udp 2122260223 127.0.0.1 ${port} typ host generation 0 network-cost 50`,
    `a=ice-ufrag:${hex(8)}`,
    `a=ice-pwd:${randomBytes(16).toString('base64')}`,
    `a=fingerprint:sha-256 ${fingerprint()}`,
    `a=setup:${setup}`,
    `a=mid:${mid}`,
    'a=sendrecv',
    'a=msid:simulator WhatsAppTrack1',
    'a=rtcp-mux',
    'a=rtpmap:111 opus/48000/2',
    'a=rtcp-fb:111 transport-cc',
    'a=fmtp:111 minptime=20;useinbandfec=1',
    'a=rtpmap:126 telephone-event/8000',
    'a=maxptime:20',
    'a=ptime:20',
    `a=ssrc:${randomInt(1e9, 4e9)} cname:WhatsAppAudioStream1`,
    '',
  ].join('\r\n');
}

function createEndpoint(callId: string, dtlsRoleInAnswer: 'active' | 'passive', options: FakeMediaOptions): FakeMediaEndpoint {
  const listeners: Array<() => void> = [];
  const dtmfListeners: Array<(digit: string) => void> = [];
  const stats: MediaStats = { businessPacketsIn: 0, businessPacketsOut: 0, phonePacketsIn: 0, phonePacketsOut: 0 };
  let mediaSeen = false;
  const endpoint = {
    callId,
    calls: [] as string[],
    closed: false,
    userAudio: null as UserAudio | null,
    businessSdp: null as string | null,
    stats,
    emitBusinessMedia() {
      if (mediaSeen || endpoint.closed) return;
      mediaSeen = true;
      stats.businessPacketsIn++;
      for (const listener of listeners) listener();
    },
    emitDtmf(digit: string) {
      if (!endpoint.closed) for (const listener of dtmfListeners) listener(digit);
    },
    async answerBusinessOffer(offerSdp: string) {
      endpoint.calls.push('answerBusinessOffer');
      endpoint.businessSdp = offerSdp;
      const mid = String(parse(offerSdp).media[0]?.mid ?? '0');
      if (options.autoBusinessMedia) queueMicrotask(() => endpoint.emitBusinessMedia());
      return metaSdp(mid, dtlsRoleInAnswer);
    },
    async createBusinessOffer() {
      endpoint.calls.push('createBusinessOffer');
      return metaSdp('audio', 'actpass');
    },
    async applyBusinessAnswer(answerSdp: string) {
      endpoint.calls.push('applyBusinessAnswer');
      endpoint.businessSdp = answerSdp;
      if (options.autoBusinessMedia) queueMicrotask(() => endpoint.emitBusinessMedia());
    },
    startUserMedia(audio: UserAudio) {
      endpoint.calls.push('startUserMedia');
      endpoint.userAudio = audio;
    },
    async openPhoneLeg() {
      endpoint.calls.push('openPhoneLeg');
      return metaSdp('0', 'actpass');
    },
    async acceptPhoneAnswer(_answerSdp: string) {
      endpoint.calls.push('acceptPhoneAnswer');
    },
    onFirstBusinessMedia(listener: () => void) {
      listeners.push(listener);
    },
    onDtmf(listener: (digit: string) => void) {
      dtmfListeners.push(listener);
    },
    async close() {
      if (!endpoint.closed) endpoint.calls.push('close');
      endpoint.closed = true;
    },
  };
  return endpoint;
}

/** A factory of signalling-only endpoints; see the module comment. */
export function createFakeMediaFactory(options: FakeMediaOptions = {}): FakeMediaFactory {
  const endpoints = new Map<string, FakeMediaEndpoint>();
  return {
    endpoints,
    create({ callId, dtlsRoleInAnswer }) {
      const endpoint = createEndpoint(callId, dtlsRoleInAnswer ?? 'active', options);
      endpoints.set(callId, endpoint);
      // Bounded, for long standalone runs.
      if (endpoints.size > 1000) endpoints.delete(endpoints.keys().next().value!);
      return endpoint;
    },
  };
}
