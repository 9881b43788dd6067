/**
 * The seam between the simulator's call logic and its media: one Meta-like media endpoint per call.
 * The implementation (werift) lives beside this file; the call logic only sees this interface.
 *
 * Two legs per call:
 *  - the business leg: ICE-lite, controlled, Opus 111 + telephone-event 126/8000, like Meta's relay;
 *  - the user leg: either a headless user (tone / echo / silence) or a phone page in a browser
 *    (a normal WebRTC peer that the simulator offers to); RTP is relayed between the two legs.
 */
export type UserAudio = 'tone' | 'echo' | 'silence';

export interface MediaStats {
  /** RTP packets received from the business leg (the agent's browser). */
  businessPacketsIn: number;
  /** RTP packets sent towards the business leg. */
  businessPacketsOut: number;
  /** RTP packets received from the phone page leg. */
  phonePacketsIn: number;
  /** RTP packets sent to the phone page leg. */
  phonePacketsOut: number;
}

export interface MediaEndpoint {
  /** Business-initiated call: answer the business's offer. Returns Meta's SDP answer (with candidates). */
  answerBusinessOffer(offerSdp: string): Promise<string>;
  /** User-initiated call: Meta's SDP offer to the business (with candidates, `a=ice-lite`, `a=setup:actpass`). */
  createBusinessOffer(): Promise<string>;
  /** User-initiated call: apply the business's answer (from pre_accept, or accept without pre_accept). */
  applyBusinessAnswer(answerSdp: string): Promise<void>;
  /**
   * Start the simulated user's side of the audio: from now on the user's audio reaches the business.
   * With a phone leg attached, the phone's RTP is relayed; otherwise the headless `audio` mode plays.
   */
  startUserMedia(audio: UserAudio): void;
  /** Phone page leg: the simulator's offer to the phone page's browser. */
  openPhoneLeg(): Promise<string>;
  /** Phone page leg: apply the phone page's answer. Relaying starts once both legs carry media. */
  acceptPhoneAnswer(answerSdp: string): Promise<void>;
  /** Called once, on the first RTP packet from the business leg. */
  onFirstBusinessMedia(listener: () => void): void;
  /** Called once per RFC 4733 event the business sends (a digit, `*`, `#`, A–D). */
  onDtmf(listener: (digit: string) => void): void;
  readonly stats: MediaStats;
  /** Releases sockets and timers; idempotent. */
  close(): Promise<void>;
}

export interface MediaEndpointFactory {
  create(options: { callId: string; dtlsRoleInAnswer?: 'active' | 'passive' }): MediaEndpoint;
}
