/**
 * Meta's webhook endpoint: the verification handshake, then signed deliveries. The body is read
 * raw (never re-serialised) so the signature is checked over exactly the bytes Meta signed.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../shared/errors.ts';
import type { ServerContext } from '../context.ts';
import { businessNumbers } from '../db/schema.ts';
import type { Applier } from '../webhooks/applier.ts';
import { createDeliveryStore } from '../webhooks/delivery-store.ts';
import { receiveDelivery } from '../webhooks/receive.ts';
import { noteArrivals, noteDuplicateDelivery } from '../training/webhook-tap.ts';
import { isValidSignature } from '../webhooks/signature.ts';

/** The phone_number_ids this deployment serves, re-read every few seconds. */
function servedNumbers(ctx: ServerContext) {
  let cached: { at: number; ids: Set<string> } | null = null;
  return async () => {
    const now = Date.now();
    if (!cached || now - cached.at > 5000) cached = { at: now, ids: new Set((await ctx.db.select({ id: businessNumbers.id }).from(businessNumbers)).map((r) => r.id)) };
    return cached.ids;
  };
}

/** Graph batches up to 1000 updates in one delivery; 2 MB is ample. */
const webhookBodyLimit = 2 * 1024 * 1024;

export function webhookRoutes(app: FastifyInstance, ctx: ServerContext, applier: Applier, secrets: { appSecret: string; verifyToken: string }) {
  const served = servedNumbers(ctx);
  const store = createDeliveryStore(ctx.db, applier.receiving);
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
      const result = await receiveDelivery(ctx, store, raw, await served());
      if (result.kind === 'malformed') throw new AppError({ code: 'bad_request', message: result.reason });
      // Stored durably: Meta gets its 200 now; applying happens in the background.
      if (result.duplicate) ctx.metrics.webhookDuplicate();
      if (ctx.classroom) {
        if (result.duplicate) await noteDuplicateDelivery(ctx, raw);
        await noteArrivals(ctx, result.fresh);
      }
      applier.schedule(result.subjects);
      return reply.send({ ok: true, duplicate: result.duplicate, elements: result.elements, kept: result.kept });
    });
  });
}
