/**
 * Ringside's own error codes on the agent API. Every error body is `{ error: AppErrorBody }`.
 * When Meta caused the error, `metaCode` carries Meta's code (138006…) and `message` is the
 * plain-language sentence from `meta-errors.ts`. No zod here: the browser rebuilds `AppError` on
 * every failure, and this module is part of its first load.
 */

export const appErrorCodes = [
  'bad_request',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'invalid_sdp',
  'invalid_number',
  'meta_error',
  /** Our policy check says WhatsApp would refuse this (the message says why and when it becomes possible). */
  'policy_refused',
  'payload_too_large',
  'unsupported_media_type',
  /** Too many attempts (sign-in); `Retry-After` says when to try again. */
  'rate_limited',
  'internal',
  /** The instance is shutting down or not ready; retry (another instance will answer). */
  'unavailable',
] as const;
export type AppErrorCode = (typeof appErrorCodes)[number];

export const appErrorStatus: Record<AppErrorCode, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_sdp: 400,
  invalid_number: 400,
  meta_error: 422,
  policy_refused: 422,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

export interface AppErrorBody {
  code: AppErrorCode;
  message: string;
  metaCode?: number | undefined;
  details?: string | undefined;
}

/** Thrown on the server, rebuilt on the client from the response body. */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly metaCode: number | undefined;
  readonly details: string | undefined;
  constructor(body: AppErrorBody) {
    super(body.message);
    this.name = 'AppError';
    this.code = body.code;
    this.metaCode = body.metaCode;
    this.details = body.details;
  }
  toBody(): AppErrorBody {
    return { code: this.code, message: this.message, metaCode: this.metaCode, details: this.details };
  }
}
