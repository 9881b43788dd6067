/**
 * Response headers for every answer: a Content-Security-Policy allowing only what the built app
 * uses (its own scripts, styles and API; the simulator's origin in simulator mode), no framing, no
 * MIME sniffing, no referrer; HSTS over HTTPS; and `no-store` on the API and operations endpoints.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

export function contentSecurityPolicy(extraConnect: string | null): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    `connect-src 'self'${extraConnect ? ` ${extraConnect}` : ''}`,
    // blob: for the tones the page makes itself (speaker test, ringtone: client/lib/tone.ts).
    "media-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const fixed: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'microphone=(self), camera=(), geolocation=(), payment=(), usb=()',
};

const uncached = /^\/(?:api\/|healthz|readyz|metrics)/;

/** An `onSend` hook; `extraConnect` names another origin the page may call (the simulator), per request. */
export function securityHeaders(extraConnect: (request: FastifyRequest) => string | null) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    reply.headers(fixed);
    reply.header('content-security-policy', contentSecurityPolicy(extraConnect(request)));
    if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000');
    if (uncached.test(request.url)) reply.header('cache-control', 'no-store');
    return payload;
  };
}
