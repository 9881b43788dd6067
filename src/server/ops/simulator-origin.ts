/**
 * In simulator mode the phone page talks to the simulator directly, on the host the browser already
 * uses and the simulator's port. The host comes from the request (X-Forwarded-Host only through a
 * trusted proxy); anything that is not a plain host name falls back to loopback rather than being
 * echoed into a URL or a Content-Security-Policy.
 */
import type { FastifyRequest } from 'fastify';

const plainHost = /^(?:[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63})*|\[[0-9a-f:.]{2,45}\])$/i;

export function simulatorOrigin(request: FastifyRequest, simulatorPort: number): string {
  const hostname = plainHost.test(request.hostname) ? request.hostname : '127.0.0.1';
  return `${request.protocol === 'https' ? 'https' : 'http'}://${hostname}:${simulatorPort}`;
}
