/**
 * Graph errors as Meta sends them (reference §2.6): `{"error":{message, type, code, error_data:
 * {messaging_product, details}, fbtrace_id}}` with the HTTP status of the error catalog. Message
 * text follows Meta's "(#138006) No approved call permission from the recipient" form.
 */
import type { GraphErrorBody } from '../shared/meta-api.ts';
import { isMetaErrorCode, metaErrorCatalog } from '../shared/meta-errors.ts';
import { newTraceId } from './ids.ts';

// Graph platform codes outside the calling catalog.
const platformErrors: Record<number, { http: number; title: string }> = {
  1: { http: 500, title: 'An unknown error occurred' },
  190: { http: 401, title: 'Invalid OAuth access token - Cannot parse access token' },
  2500: { http: 400, title: 'Unknown path components' },
};

/** A refusal to answer a Graph request; thrown by handlers, rendered by the Graph error handler. */
export class GraphError extends Error {
  constructor(
    readonly code: number,
    /** `error_data.details`; omitted from the body when empty. */
    readonly details: string,
    readonly overrides: { http?: number; message?: string; type?: string; subcode?: number } = {},
  ) {
    super(details || `Graph error ${code}`);
    this.name = 'GraphError';
  }
}

/** Code 100 with details: body validation, SDP rules, unknown or ended calls. */
export function invalidParameter(details: string): GraphError {
  return new GraphError(100, details);
}

/** Code 190, HTTP 401: missing or wrong bearer token. */
export function invalidToken(missing: boolean): GraphError {
  return new GraphError(190, '', missing ? { message: 'An access token is required to request this resource.' } : {});
}

/** Meta's answer for an id that is not a phone number this token can use (code 100, subcode 33). */
export function unknownObject(id: string, method: 'get' | 'post'): GraphError {
  return new GraphError(100, `Unknown phone_number_id ${id}.`, {
    type: 'GraphMethodException',
    subcode: 33,
    message: `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
  });
}

/** The HTTP status and body for a GraphError. */
export function renderGraphError(err: GraphError): { status: number; body: GraphErrorBody } {
  const known = isMetaErrorCode(err.code) ? metaErrorCatalog[err.code] : platformErrors[err.code];
  const title = known?.title ?? 'Graph error';
  // OAuth and platform errors carry Meta's message as is; calling errors are "(#code) title".
  const message = err.overrides.message ?? (err.code in platformErrors ? title : `(#${err.code}) ${title}`);
  return {
    status: err.overrides.http ?? known?.http ?? 400,
    body: {
      error: {
        message,
        type: err.overrides.type ?? 'OAuthException',
        code: err.code,
        ...(err.overrides.subcode === undefined ? {} : { error_subcode: err.overrides.subcode }),
        ...(err.details ? { error_data: { messaging_product: 'whatsapp' as const, details: err.details } } : {}),
        fbtrace_id: newTraceId(),
      },
    },
  };
}
