/**
 * Meta's calling error codes (reference §6): the HTTP status Meta answers with, Meta's own title,
 * and the plain-language sentence an agent reads. The simulator produces these; the server maps
 * Graph errors through them; the client shows `agentMessage`. One catalog, one place.
 */
export const metaErrorCatalog = {
  100: { http: 400, title: 'Invalid parameter', agentMessage: 'WhatsApp rejected the request as malformed.' },
  613: { http: 429, title: 'Call permission API rate limit reached', agentMessage: 'Too many permission look-ups; try again in a moment.' },
  131026: { http: 400, title: 'Message undeliverable', agentMessage: "The customer's WhatsApp is too old for this request." },
  131030: { http: 400, title: 'Recipient not in allowed list', agentMessage: 'This test number may only reach allow-listed recipients.' },
  131055: { http: 400, title: 'Graph calling API not allowed on a SIP-enabled number', agentMessage: 'This number is set up for SIP calling.' },
  138000: { http: 401, title: 'Calling not enabled', agentMessage: 'Calling is not enabled on this business number.' },
  138001: { http: 400, title: 'Receiver is uncallable', agentMessage: 'This number cannot receive WhatsApp calls (not on WhatsApp or unsupported app).' },
  138002: { http: 429, title: 'Concurrent calls limit reached', agentMessage: 'This business number has too many calls in progress.' },
  138003: { http: 400, title: 'Duplicate call', agentMessage: 'There is already a call in progress with this customer.' },
  138004: { http: 500, title: 'Connection error', agentMessage: 'WhatsApp could not set up the call.' },
  138005: { http: 429, title: 'Call rate limit exceeded', agentMessage: 'This business number is placing calls too fast.' },
  138006: { http: 401, title: 'No approved call permission from the recipient', agentMessage: 'The customer has not allowed calls from this business. Ask for permission first.' },
  138007: { http: 500, title: 'Connect timeout', agentMessage: 'The call could not be connected in time.' },
  138009: { http: 400, title: 'Call permission request limit reached', agentMessage: 'No more permission requests may be sent to this customer for now.' },
  138012: { http: 400, title: 'Business initiated calls limit reached', agentMessage: 'The daily limit of connected calls to this customer is reached.' },
  138013: { http: 400, title: 'Business initiated calls not available', agentMessage: "Business-initiated calls are not available for this business number's country." },
  138014: { http: 400, title: 'Calling temporarily disabled', agentMessage: 'Calling is paused on this number because of low call quality.' },
  138017: { http: 400, title: 'Permanent call permission already exists', agentMessage: 'The customer already allows calls permanently; no request is needed.' },
  138019: { http: 500, title: 'Call setup failed', agentMessage: "The customer's WhatsApp could not set up the call." },
  138020: { http: 500, title: 'Relay connection failed', agentMessage: "The customer's phone could not reach WhatsApp's media relay." },
  138021: { http: 500, title: 'Media receive timeout', agentMessage: 'The call dropped: no audio reached WhatsApp from the agent.' },
  138022: { http: 500, title: 'Media transmit timeout', agentMessage: "The call dropped: no audio came from the customer's phone." },
  138023: { http: 500, title: 'Call terminated with no media', agentMessage: 'The call was accepted but no audio ever flowed.' },
} as const satisfies Record<number, { http: number; title: string; agentMessage: string }>;

export type MetaErrorCode = keyof typeof metaErrorCatalog;

export function isMetaErrorCode(code: number): code is MetaErrorCode {
  return code in metaErrorCatalog;
}

/** The sentence an agent reads for a Meta code; unknown codes keep Meta's own text. */
export function agentMessageFor(code: number, fallback: string): string {
  return isMetaErrorCode(code) ? metaErrorCatalog[code].agentMessage : fallback;
}
