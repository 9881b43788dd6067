/** Business numbers, contacts with their permission, and permission requests. */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { businessNumberSchema, contactSchema, okSchema, permissionRequestSchema, type Contact, type PermissionView } from '../../shared/agent-api.ts';
import { AppError } from '../../shared/errors.ts';
import type { ApiRoute } from '../../shared/openapi.ts';
import { countryOf, waIdSchema } from '../../shared/phone-number.ts';
import { requireRole } from '../auth/sessions.ts';
import { businessNumbers, contacts, permissions } from '../db/schema.ts';
import type { ServerContext } from '../context.ts';
import { GraphError } from '../graph/graph-client.ts';
import { parseInput } from './parse.ts';

const contactsQuerySchema = z.object({ businessNumberId: z.string().min(1) });

export const directoryApi: ApiRoute[] = [
  { method: 'get', path: '/api/business-numbers', summary: 'The business numbers this deployment serves', tags: ['directory'], response: z.array(businessNumberSchema) },
  { method: 'get', path: '/api/contacts', summary: "Contacts and each one's permission towards a business number", tags: ['directory'], query: contactsQuerySchema, response: z.array(contactSchema) },
  { method: 'post', path: '/api/contacts/{waId}/permission-request', summary: 'Ask the customer for permission to call', tags: ['directory'], body: permissionRequestSchema, response: okSchema },
];

function permissionView(row: typeof permissions.$inferSelect | null, now: Date): PermissionView {
  if (!row) return { status: 'none', expiresAt: null, updatedAt: null };
  const expired = row.status === 'temporary' && row.expiresAt !== null && row.expiresAt <= now;
  return { status: expired ? 'expired' : row.status, expiresAt: row.expiresAt?.toISOString() ?? null, updatedAt: row.updatedAt.toISOString() };
}

export function directoryRoutes(app: FastifyInstance, ctx: ServerContext) {
  const anyone = requireRole('agent', 'supervisor', 'trainer');
  const callers = requireRole('agent', 'trainer');

  app.get('/api/business-numbers', { preHandler: anyone }, async () => {
    const rows = await ctx.db.select().from(businessNumbers).orderBy(asc(businessNumbers.label));
    return rows.map((n) => ({ id: n.id, displayNumber: n.displayNumber, label: n.label, profile: n.profile, country: countryOf(n.displayNumber) }));
  });

  app.get('/api/contacts', { preHandler: anyone }, async (request): Promise<Contact[]> => {
    const { businessNumberId } = parseInput(contactsQuerySchema, request.query);
    const rows = await ctx.db.select({ contact: contacts, permission: permissions }).from(contacts)
      .leftJoin(permissions, and(eq(permissions.waId, contacts.waId), eq(permissions.businessNumberId, businessNumberId)))
      .orderBy(asc(contacts.name));
    const now = ctx.now();
    return rows.map((r) => ({ waId: r.contact.waId, name: r.contact.name, country: countryOf(r.contact.waId), permission: permissionView(r.permission, now) }));
  });

  app.post<{ Params: { waId: string } }>('/api/contacts/:waId/permission-request', { preHandler: callers }, async (request) => {
    const waId = parseInput(waIdSchema, request.params.waId);
    const input = parseInput(permissionRequestSchema, request.body);
    try {
      await ctx.graph.sendMessage(input.businessNumberId, {
        messaging_product: 'whatsapp', recipient_type: 'individual', to: waId, type: 'interactive',
        interactive: { type: 'call_permission_request', action: { name: 'call_permission_request' }, body: input.body ? { text: input.body } : undefined },
      });
    } catch (err) {
      if (err instanceof GraphError) throw new AppError({ code: 'meta_error', message: err.message, metaCode: err.code, details: err.details });
      throw err;
    }
    const now = ctx.now();
    // A pending request shows as "requested" unless a live permission already exists.
    await ctx.db.insert(permissions).values({ businessNumberId: input.businessNumberId, waId, status: 'requested', updatedAt: now })
      .onConflictDoUpdate({
        target: [permissions.businessNumberId, permissions.waId],
        set: { status: 'requested', expiresAt: null, updatedAt: now },
        setWhere: sql`${permissions.status} not in ('temporary', 'permanent') or ${permissions.expiresAt} <= ${now}`,
      });
    await ctx.bus.publish({ kind: 'all' }, { type: 'contact.updated', waId, businessNumberId: input.businessNumberId });
    return { ok: true };
  });
}
