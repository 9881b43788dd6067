/** Fakes of the outside world for call-engine tests: api, peers, media. No module patching. */
import { vi } from 'vitest';
import type { CallSummary } from '../../../shared/agent-api.ts';
import { createCallController } from '../call-controller.ts';
import { createCallStore } from '../call-store.ts';
import type { PeerSession } from '../peer-session.ts';
import type { CallApi, MediaDeps, PeerFactory } from '../types.ts';

/** A minimal SDP that passes `checkBusinessSdp` (one audio m-line, fingerprint, Opus/48000, ICE credentials). */
export function fakeSdp(tag: string): string {
  return [
    'v=0',
    `o=- ${tag.length} 2 IN IP4 127.0.0.1`,
    `s=${tag}`,
    't=0 0',
    'a=group:BUNDLE 0',
    'm=audio 9 UDP/TLS/RTP/SAVPF 111',
    'c=IN IP4 0.0.0.0',
    `a=ice-ufrag:${tag.replace(/\W/g, '').slice(0, 8).padEnd(4, 'x')}`,
    'a=ice-pwd:abcdefghijklmnopqrstuvwx',
    'a=fingerprint:sha-256 AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99',
    'a=setup:actpass',
    'a=mid:0',
    'a=sendrecv',
    'a=rtcp-mux',
    'a=rtpmap:111 opus/48000/2',
    '',
  ].join('\r\n');
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(err: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export interface FakeTrack {
  kind: 'audio';
  enabled: boolean;
  stopped: boolean;
  readonly readyState: MediaStreamTrackState;
  stop(): void;
}

export function fakeMic(): { stream: MediaStream; track: FakeTrack } {
  const track: FakeTrack = {
    kind: 'audio',
    enabled: true,
    stopped: false,
    get readyState() {
      return this.stopped ? 'ended' : 'live';
    },
    stop() {
      this.stopped = true;
    },
  };
  const stream = { getAudioTracks: () => [track], getTracks: () => [track] } as unknown as MediaStream;
  return { stream, track };
}

export class FakeSession implements PeerSession {
  answers: string[] = [];
  attached: MediaStreamTrack[] = [];
  closed = false;
  private streamListeners = new Set<(s: MediaStream) => void>();
  constructor(readonly sdp: string) {}
  async applyAnswer(sdp: string) {
    this.answers.push(sdp);
  }
  async attachMic(track: MediaStreamTrack) {
    this.attached.push(track);
  }
  /** How often the held remote candidates were released (the real one is idempotent). */
  released = 0;
  async releaseRemoteCandidates() {
    this.released += 1;
  }
  onRemoteStream(listener: (s: MediaStream) => void) {
    this.streamListeners.add(listener);
    return () => this.streamListeners.delete(listener);
  }
  onFailed() {
    return () => undefined;
  }
  /** What `getStats` answers next (quality tests set it). */
  stats: RTCStatsReport = new Map() as unknown as RTCStatsReport;
  async getStats() {
    return this.stats;
  }
  dtmf: string[] = [];
  sendDtmf(tones: string) {
    this.dtmf.push(tones);
    return true;
  }
  close() {
    this.closed = true;
  }
  /** Simulates the remote track arriving. */
  emitRemote(stream: MediaStream) {
    this.streamListeners.forEach((l) => l(stream));
  }
}

export function createFakes() {
  const sessions: FakeSession[] = [];
  const mics: ReturnType<typeof fakeMic>[] = [];
  const placeCall = deferred<{ callId: string }>();
  const acceptResult = deferred<unknown>();
  const api = {
    placeCall: vi.fn<CallApi['placeCall']>(() => placeCall.promise),
    preAccept: vi.fn<CallApi['preAccept']>(async () => ({ forwarded: true })),
    accept: vi.fn<CallApi['accept']>(() => acceptResult.promise),
    reject: vi.fn<CallApi['reject']>(async () => ({ ok: true })),
    hangUp: vi.fn<CallApi['hangUp']>(async () => ({ ok: true })),
  };
  const peers = {
    createBusinessOffer: vi.fn<PeerFactory['createBusinessOffer']>(async () => {
      const session = new FakeSession(fakeSdp('business-offer'));
      sessions.push(session);
      return { session, sdp: session.sdp };
    }),
    answerMetaOffer: vi.fn<PeerFactory['answerMetaOffer']>(async () => {
      const session = new FakeSession(fakeSdp('agent-answer'));
      sessions.push(session);
      return { session, sdp: session.sdp };
    }),
  };
  let levelCallback: ((level: number) => void) | null = null;
  const media = {
    getMic: vi.fn<MediaDeps['getMic']>(async () => {
      const mic = fakeMic();
      mics.push(mic);
      return mic.stream;
    }),
    monitorLevel: vi.fn<MediaDeps['monitorLevel']>((_stream, onLevel) => {
      levelCallback = onLevel;
      return () => {
        levelCallback = null;
      };
    }),
  };
  const clockStart = Date.now();
  let clock = clockStart;
  const report = vi.fn();
  const store = createCallStore();
  const deps = { api, peers, media, store, now: () => clock, report };
  const controller = createCallController(deps);
  return {
    /** What `controller` was built from, to build a variant of it. */
    deps,
    api,
    peers,
    media,
    store,
    controller,
    sessions,
    mics,
    report,
    placeCall,
    acceptResult,
    clockStart,
    state: () => store.getState().call,
    advance(ms: number) {
      clock += ms;
    },
    emitLevel(level: number) {
      levelCallback?.(level);
    },
  };
}

/** Lets queued promise callbacks (the engine's awaits) run; works with real and fake timers alike. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 50; i++) await Promise.resolve();
}

export function summary(overrides: Partial<CallSummary> & Pick<CallSummary, 'id'>): CallSummary {
  return {
    direction: 'user_initiated',
    businessNumberId: 'bn-1',
    waId: '5511912345678',
    contactName: 'Ana Souza',
    displayNumber: '+55 11 91234 5678',
    agentId: null,
    agentName: null,
    ringAgentIds: [],
    quality: null,
    context: null,
    status: 'ringing',
    startedAt: '2026-01-01T10:00:00.000Z',
    answeredAt: null,
    endedAt: null,
    durationSeconds: null,
    outcome: null,
    endMessage: null,
    errorCode: null,
    ...overrides,
  };
}
