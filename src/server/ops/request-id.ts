/**
 * Request ids: an incoming `x-request-id` (from a proxy or a test) is kept when it is a plain
 * token, else a fresh UUID; it is echoed on the response and carried by `request.log`, so one
 * webhook can be followed from receipt through everything logged on its behalf.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../context.ts';

const token = /^[A-Za-z0-9._:@-]{1,128}$/;

/** Fastify's `genReqId`. */
export function requestIdFor(raw: IncomingMessage): string {
  const incoming = raw.headers['x-request-id'];
  return typeof incoming === 'string' && token.test(incoming) ? incoming : randomUUID();
}

/** An `onRequest` hook: tells the caller which id to quote. */
export async function echoRequestId(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  reply.header('x-request-id', request.id);
}

/** The context domain code gets for one request: the same, with a logger that carries the request id. */
export const contextFor = (ctx: ServerContext, request: FastifyRequest): ServerContext => ({ ...ctx, log: request.log });

/** A logger for work done later on behalf of a request (after the reply, or from another process's id). */
export const logFor = (ctx: ServerContext, requestId: string) => ctx.log.child({ reqId: requestId });
