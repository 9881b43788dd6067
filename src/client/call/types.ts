/** The seams the call controller is built from. Tests pass fakes for each; nothing is patched. */
import type { PlaceCall } from '../../shared/agent-api.ts';
import type { QualitySample } from '../../shared/call-quality.ts';
import type { LocalSdp } from './peer-session.ts';

/** The subset of the agent API the engine calls. */
export interface CallApi {
  placeCall(body: PlaceCall): Promise<{ callId: string }>;
  preAccept(callId: string, sdp: string): Promise<{ forwarded: boolean }>;
  accept(callId: string, sdp: string): Promise<unknown>;
  reject(callId: string): Promise<unknown>;
  hangUp(callId: string): Promise<unknown>;
  /** Reports a quality sample of the live call (kept as last/worst/average on the call). */
  postQuality?(callId: string, sample: QualitySample): Promise<unknown>;
}

/** Builds peer sessions for the Meta leg (`peer-session.ts` in the browser). */
export interface PeerFactory {
  createBusinessOffer(mic: MediaStream): Promise<LocalSdp>;
  answerMetaOffer(offerSdp: string): Promise<LocalSdp>;
}

export interface MediaDeps {
  /** The agent's microphone; rejects with a `CallFailure`. */
  getMic(): Promise<MediaStream>;
  /** Reports the stream's level 0–100 until the returned stop function is called. */
  monitorLevel(stream: MediaStream, onLevel: (level: number) => void): () => void;
  /** Called synchronously inside the agent's click, so the autoplay policy lets audio start. */
  unlock?(): void;
  /** A call is done with the mic (warm-mic.ts keeps it for the next one); without it, its tracks are stopped. */
  keepMic?(stream: MediaStream): void;
}

/** Where errors that are not part of the call state go (the notifications store in the app). */
export type Reporter = (title: string, err: unknown) => void;

import type { CallStore } from './call-store.ts';

export interface CallControllerDeps {
  api: CallApi;
  peers: PeerFactory;
  media: MediaDeps;
  store: CallStore;
  /** Wall clock in ms; injected so tests control call timers. */
  now: () => number;
  report?: Reporter;
}
