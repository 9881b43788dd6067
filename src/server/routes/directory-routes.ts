/** Business numbers, contacts with what the policy says about calling them, and permission requests. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  businessNumberQuerySchema, businessNumberSchema, contactSchema, permissionRequestResultSchema, permissionRequestSchema, type Contact,
} from '../../shared/agent-api.ts';
import { AppError } from '../../shared/errors.ts';
import type { ApiRoute } from '../../shared/openapi.ts';
import { customerIdSchema } from '../../shared/customer-id.ts';
import { countryOf, formatWaId } from '../../shared/phone-number.ts';
import { requireRole } from '../auth/sessions.ts';
import { businessNumbers, contacts, metaPermissionSnapshots } from '../db/schema.ts';
import type { ServerContext } from '../context.ts';
import { GraphError } from '../graph/graph-client.ts';
import { contactView, loadNumber } from '../policy/contact-view.ts';
import { requestPermission } from '../policy/permission-requests.ts';
import { parseInput } from './parse.ts';
import { asc, eq } from 'drizzle-orm';

export const directoryApi: ApiRoute[] = [
  { method: 'get', path: '/api/business-numbers', summary: 'The business numbers this deployment serves', tags: ['directory'], response: z.array(businessNumberSchema) },
  { method: 'get', path: '/api/contacts', summary: 'Contacts with permission, quota, streak and request budget towards a business number', tags: ['directory'], query: businessNumberQuerySchema, response: z.array(contactSchema) },
  { method: 'get', path: '/api/contacts/{waId}', summary: 'One contact, as the pre-dial panel shows it', tags: ['directory'], query: businessNumberQuerySchema, response: contactSchema },
  { method: 'post', path: '/api/contacts/{waId}/permission-status/refresh', summary: "Ask Meta's call_permissions (authoritative) and keep its answer", tags: ['directory'], body: businessNumberQuerySchema, response: contactSchema },
  { method: 'post', path: '/api/contacts/{waId}/permission-request', summary: 'Ask the customer for permission to call: free-form inside the service window, template outside', tags: ['directory'], body: permissionRequestSchema, response: permissionRequestResultSchema, errors: { 422: 'Refused by the policy or by Meta, with when it becomes possible' } },
];

type WaIdParams = { Params: { waId: string } };

export function directoryRoutes(app: FastifyInstance, ctx: ServerContext) {
  const anyone = requireRole('agent', 'supervisor', 'trainer');
  const callers = requireRole('agent', 'trainer');

  const numberOf = async (id: string) => {
    const number = await loadNumber(ctx.db, id);
    if (!number) throw new AppError({ code: 'not_found', message: 'Unknown business number.' });
    return number;
  };
  const contactOf = async (waId: string) => {
    const [contact] = await ctx.db.select().from(contacts).where(eq(contacts.waId, waId));
    if (!contact) throw new AppError({ code: 'not_found', message: 'Unknown contact.' });
    return contact;
  };

  app.get('/api/business-numbers', { preHandler: anyone }, async () => {
    const rows = await ctx.db.select().from(businessNumbers).orderBy(asc(businessNumbers.label));
    return rows.map((n) => ({ id: n.id, displayNumber: formatWaId(n.displayNumber), label: n.label, profile: n.profile, country: countryOf(n.displayNumber) }));
  });

  app.get('/api/contacts', { preHandler: anyone }, async (request): Promise<Contact[]> => {
    const number = await numberOf(parseInput(businessNumberQuerySchema, request.query).businessNumberId);
    const now = ctx.now();
    const rows = await ctx.db.select().from(contacts).orderBy(asc(contacts.name));
    return Promise.all(rows.map((c) => contactView(ctx.db, ctx.policy, number, c, now)));
  });

  app.get<WaIdParams>('/api/contacts/:waId', { preHandler: anyone }, async (request) => {
    const number = await numberOf(parseInput(businessNumberQuerySchema, request.query).businessNumberId);
    return contactView(ctx.db, ctx.policy, number, await contactOf(parseInput(customerIdSchema, request.params.waId)), ctx.now());
  });

  app.post<WaIdParams>('/api/contacts/:waId/permission-status/refresh', { preHandler: anyone }, async (request) => {
    const number = await numberOf(parseInput(businessNumberQuerySchema, request.body).businessNumberId);
    const contact = await contactOf(parseInput(customerIdSchema, request.params.waId));
    const body = await ctx.graph.callPermissions(number.id, contact.waId).catch((err: unknown) => {
      if (err instanceof GraphError) throw new AppError({ code: 'meta_error', message: err.message, metaCode: err.code, details: err.details });
      throw err;
    });
    const fetchedAt = ctx.now();
    await ctx.db.insert(metaPermissionSnapshots).values({ businessNumberId: number.id, waId: contact.waId, fetchedAt, body })
      .onConflictDoUpdate({ target: [metaPermissionSnapshots.businessNumberId, metaPermissionSnapshots.waId], set: { fetchedAt, body } });
    return contactView(ctx.db, ctx.policy, number, contact, ctx.now());
  });

  app.post<WaIdParams>('/api/contacts/:waId/permission-request', { preHandler: callers }, async (request) => {
    const waId = parseInput(customerIdSchema, request.params.waId);
    const input = parseInput(permissionRequestSchema, request.body);
    const via = await requestPermission(ctx, await numberOf(input.businessNumberId), await contactOf(waId), input.body);
    return { ok: true as const, via };
  });
}
