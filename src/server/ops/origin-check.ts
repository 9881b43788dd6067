/**
 * Cross-site request refusal: a state-changing request that a browser sent from another site
 * (Sec-Fetch-Site, else Origin) is refused before it reaches a handler, whatever its content type,
 * so a form or `text/plain` POST from elsewhere cannot ride the session cookie. Requests without
 * either header come from programs, not browsers, and pass; so does Meta's webhook (signed instead).
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.ts';

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Why the request is cross-site, or null when it may proceed. */
export function crossSiteReason(request: FastifyRequest): string | null {
  if (!stateChanging.has(request.method)) return null;
  const site = request.headers['sec-fetch-site'];
  // Browsers set Sec-Fetch-Site themselves and pages cannot forge it; it survives proxies that rewrite Host.
  if (typeof site === 'string') return site === 'same-origin' || site === 'none' ? null : `Sec-Fetch-Site is ${site}`;
  const origin = request.headers.origin;
  if (origin === undefined) return null;
  return sameHost(origin, request.host) ? null : `Origin ${origin.slice(0, 100)} is another site`;
}

/** Compared as URLs, so `Host: example.com:443` matches `Origin: https://example.com`. */
function sameHost(origin: string, host: string): boolean {
  try {
    const from = new URL(origin);
    return from.host === new URL(`${from.protocol}//${host}`).host;
  } catch {
    return false;
  }
}

export function originGuard(exemptRoutes: string[]) {
  const exempt = new Set(exemptRoutes);
  return async (request: FastifyRequest): Promise<void> => {
    if (request.routeOptions.url && exempt.has(request.routeOptions.url)) return;
    const reason = crossSiteReason(request);
    if (reason) {
      request.log.warn({ reason }, 'Refused a cross-site request');
      throw new AppError({ code: 'forbidden', message: `Cross-site request refused (${reason}).` });
    }
  };
}
