/** A bare Fastify webhook route (raw body, HMAC-SHA256 check, 200): the bench's floor for ratios. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import Fastify from 'fastify';

const secret = process.env.BARE_SECRET ?? 'secret';
const app = Fastify({ bodyLimit: 2 * 1024 * 1024 });
app.removeContentTypeParser('application/json');
app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
app.get('/healthz', async () => ({ ok: true }));
app.get('/metrics', async () => `process_resident_memory_bytes ${process.memoryUsage().rss}\n`);
app.post('/webhooks/whatsapp', async (request, reply) => {
  const raw = request.body as Buffer;
  const expected = Buffer.from(createHmac('sha256', secret).update(raw).digest('hex'));
  const given = Buffer.from(String(request.headers['x-hub-signature-256'] ?? '').replace(/^sha256=/, ''));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return reply.code(401).send({ error: 'signature' });
  JSON.parse(raw.toString('utf8'));
  return { ok: true };
});
await app.listen({ port: Number(process.env.BARE_PORT ?? 3299), host: '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
