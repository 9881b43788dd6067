/**
 * The event streams open on this instance, seen from the HTTP side: counted for `/metrics`, and
 * ended at shutdown (a hijacked response would otherwise hold the server open; the browser's
 * EventSource reconnects, to another instance behind a load balancer).
 */
import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';

export function trackOpenStreams(streamRoutes: string[]) {
  const routes = new Set(streamRoutes);
  const open = new Set<ServerResponse>();
  return {
    /** An `onRequest` hook. */
    async track(request: FastifyRequest, reply: FastifyReply): Promise<void> {
      if (request.method !== 'GET' || !routes.has(request.routeOptions.url ?? '')) return;
      const res = reply.raw;
      open.add(res);
      res.once('close', () => open.delete(res));
    },
    /** Streams that answered 200 and are still open. */
    count: () => [...open].filter((res) => res.headersSent && res.statusCode === 200 && !res.writableEnded).length,
    /** Ends every stream and resolves once each is flushed, so its connection is idle and can close. */
    async endAll(): Promise<void> {
      await Promise.all([...open].map((res) => new Promise<void>((resolve) => {
        if (res.writableEnded) return resolve();
        res.once('close', () => resolve());
        res.end(() => resolve());
      })));
    },
  };
}

export type OpenStreams = ReturnType<typeof trackOpenStreams>;
