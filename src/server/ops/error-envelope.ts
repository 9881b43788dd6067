/**
 * Every error answer is `{ error: { code, message } }`: our own `AppError`s, and Fastify's (bad
 * JSON, wrong content type, unknown route, bad URL) mapped to the nearest code. Anything else is a
 * bug: logged with the request id, answered as `internal` without details.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, appErrorCodes, appErrorStatus, type AppErrorBody, type AppErrorCode } from '../../shared/errors.ts';

export interface ErrorAnswer { status: number; body: { error: AppErrorBody } }

/** Our envelope as a schema, for tests that check every answer uses it (the browser has its own cheap check). */
export const errorResponseSchema = z.object({
  error: z.object({ code: z.enum(appErrorCodes), message: z.string(), metaCode: z.number().int().optional(), details: z.string().optional() }),
});

const byStatus: Partial<Record<number, AppErrorCode>> = { 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 413: 'payload_too_large', 415: 'unsupported_media_type', 429: 'rate_limited' };

/** Fastify's messages, in our words; others keep Fastify's own sentence. */
const messages: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'Request body is too large.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Send the body as application/json.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The body is empty but Content-Type says application/json.',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The body is not valid JSON.',
  FST_ERR_BAD_URL: 'The URL is not valid (bad percent-encoding).',
  FST_ERR_MAX_PARAM_LENGTH: 'A path segment is too long.',
};

export function errorAnswer(err: unknown): ErrorAnswer | null {
  if (err instanceof AppError) return { status: appErrorStatus[err.code], body: { error: err.toBody() } };
  const e = err as Partial<FastifyError> & { status?: number };
  const status = e.statusCode ?? e.status;
  if (!status || status < 400 || status >= 500) return null;
  const code = byStatus[status] ?? 'bad_request';
  const message = (e.code && messages[e.code]) ?? (err instanceof SyntaxError ? 'The body is not valid JSON.' : e.message ?? 'Bad request.');
  return { status, body: { error: { code, message } } };
}

export const internalAnswer: ErrorAnswer = { status: 500, body: { error: { code: 'internal', message: 'Something went wrong on the server.' } } };

export function sendError(err: unknown, request: FastifyRequest, reply: FastifyReply) {
  const answer = errorAnswer(err);
  if (!answer) request.log.error({ err }, 'Unhandled error');
  const { status, body } = answer ?? internalAnswer;
  return reply.code(status).send(body);
}

export const notFound = (request: FastifyRequest, reply: FastifyReply) =>
  reply.code(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]!.slice(0, 200)}` } });
