/**
 * Browser-side call failures as codes, and the one function that turns any thrown value into the
 * sentence an agent reads (plus Meta's code when Meta caused it).
 */
import { AppError } from '../../shared/errors.ts';
import { checkBusinessSdp } from '../../shared/sdp-rules.ts';

export type CallFailureCode = 'mic_blocked' | 'mic_missing' | 'mic_busy' | 'mic_failed' | 'invalid_sdp' | 'media_failed';

export class CallFailure extends Error {
  readonly code: CallFailureCode;
  constructor(code: CallFailureCode, message: string) {
    super(message);
    this.name = 'CallFailure';
    this.code = code;
  }
}

/** Maps a getUserMedia rejection to a failure the agent can act on. */
export function micFailure(err: unknown): CallFailure {
  const name = err instanceof Error ? err.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return new CallFailure('mic_blocked', 'Microphone access is blocked. Allow the microphone for this site, then try again.');
    case 'NotFoundError':
    case 'OverconstrainedError':
      return new CallFailure('mic_missing', 'No microphone was found. Plug in a headset, then try again.');
    case 'NotReadableError':
    case 'AbortError':
      return new CallFailure('mic_busy', 'The microphone is in use by another application.');
    default:
      return new CallFailure('mic_failed', 'The microphone could not be started.');
  }
}

/** Lints our own SDP with Meta's rules before it leaves the browser. */
export function assertSendableSdp(sdp: string): void {
  const verdict = checkBusinessSdp(sdp);
  if (!verdict.ok) throw new CallFailure('invalid_sdp', `This browser produced call settings WhatsApp would refuse (${verdict.details}).`);
}

export interface FailureText {
  message: string;
  code?: number;
}

export function describeFailure(err: unknown): FailureText {
  if (err instanceof AppError) return err.metaCode === undefined ? { message: err.message } : { message: err.message, code: err.metaCode };
  if (err instanceof CallFailure) return { message: err.message };
  if (err instanceof Error && err.message) return { message: `The call could not be set up: ${err.message}` };
  return { message: 'The call could not be set up.' };
}
