/**
 * Meta's webhook endpoint: the verification handshake, then signed deliveries. The body is read
 * raw (never re-serialised) so the signature is checked over exactly the bytes Meta signed.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../shared/errors.ts';
import type { ServerContext } from '../context.ts';
import { ingestDelivery } from '../webhooks/ingest.ts';
import { isValidSignature } from '../webhooks/signature.ts';

/** Graph batches up to 1000 updates in one delivery; 2 MB is ample. */
const webhookBodyLimit = 2 * 1024 * 1024;

export function webhookRoutes(app: FastifyInstance, ctx: ServerContext, secrets: { appSecret: string; verifyToken: string }) {
  app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: webhookBodyLimit }, (_req, body, done) => done(null, body));

    scope.get<{ Querystring: Record<string, string | undefined> }>('/webhooks/whatsapp', async (request, reply) => {
      const q = request.query;
      if (q['hub.mode'] !== 'subscribe' || q['hub.verify_token'] !== secrets.verifyToken || !q['hub.challenge']) {
        return reply.code(403).type('text/plain').send('Verification failed');
      }
      return reply.type('text/plain').send(q['hub.challenge']);
    });

    scope.post('/webhooks/whatsapp', async (request, reply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const signature = request.headers['x-hub-signature-256'];
      if (!isValidSignature(secrets.appSecret, raw, typeof signature === 'string' ? signature : undefined)) {
        request.log.warn('Webhook with a missing or wrong X-Hub-Signature-256');
        throw new AppError({ code: 'unauthenticated', message: 'Missing or invalid X-Hub-Signature-256.' });
      }
      const result = await ingestDelivery(ctx, raw);
      if (result.kind === 'malformed') throw new AppError({ code: 'bad_request', message: result.reason });
      return reply.send({ ok: true, duplicate: result.kind === 'duplicate' });
    });
  });
}
