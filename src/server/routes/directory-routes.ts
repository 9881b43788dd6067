/** Business numbers, contacts with what the decision says about calling them, and permission requests. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  businessNumberQuerySchema, businessNumberSchema, contactPageQuerySchema, contactPageSchema, contactSchema, createContactSchema, permissionRequestResultSchema, permissionRequestSchema,
  type BusinessNumber, type Contact, type ContactPage,
} from '../../shared/agent-api.ts';
import { AppError } from '../../shared/errors.ts';
import type { ApiRoute } from '../../shared/openapi.ts';
import { customerIdSchema } from '../../shared/customer-id.ts';
import { countryOf, formatWaId, toWaId } from '../../shared/phone-number.ts';
import { requireRole } from '../auth/sessions.ts';
import { businessNumbers } from '../db/schema.ts';
import type { ServerContext } from '../context.ts';
import { askWhatsApp } from '../policy/ask-whatsapp.ts';
import { addContact, contactKey, findContact } from '../policy/contact-book.ts';
import { contactPage } from '../policy/contact-pages.ts';
import { contactView } from '../policy/contact-view.ts';
import { loadNumber } from '../policy/pair-estimate.ts';
import { requestPermission } from '../policy/permission-requests.ts';
import { numberStanding } from '../restrictions/number-standing.ts';
import { parseInput } from './parse.ts';
import { asc } from 'drizzle-orm';

export const directoryApi: ApiRoute[] = [
  { method: 'get', path: '/api/business-numbers', summary: "The business numbers this deployment serves, with WhatsApp's warnings, restrictions and calling settings for each", tags: ['directory'], response: z.array(businessNumberSchema) },
  { method: 'get', path: '/api/contacts', summary: 'Contacts with permission, quota, streak and request budget towards a business number (the first page, up to 500)', tags: ['directory'], query: contactPageQuerySchema, response: z.array(contactSchema) },
  { method: 'get', path: '/api/contact-pages', summary: 'A page of contacts: keyset paging by name, search on name or number, the list filters applied on the server', tags: ['directory'], query: contactPageQuerySchema, response: contactPageSchema },
  {
    method: 'post', path: '/api/contacts', summary: 'Add a contact by number (as typed, validated on the server) or wa_id; answers the contact as seen from the line (201 created, 200 when it existed)',
    tags: ['directory'], body: createContactSchema, response: contactSchema, errors: { 201: 'Created', 400: 'Not a valid phone number (code invalid_number)' },
  },
  { method: 'get', path: '/api/contacts/{waId}', summary: 'One contact, as the pre-dial panel shows it', tags: ['directory'], query: businessNumberQuerySchema, response: contactSchema },
  { method: 'post', path: '/api/contacts/{waId}/permission-status/refresh', summary: "Ask WhatsApp's call_permissions and keep its answer: it decides until a newer fact about the pair", tags: ['directory'], body: businessNumberQuerySchema, response: contactSchema, errors: { 422: 'WhatsApp could not be asked (e.g. 613, too many look-ups)' } },
  { method: 'post', path: '/api/contacts/{waId}/permission-request', summary: 'Ask the customer for permission to call: free-form inside the service window, template outside. A valid number that is not a contact yet becomes one', tags: ['directory'], body: permissionRequestSchema, response: permissionRequestResultSchema, errors: { 422: 'Refused by WhatsApp or, when WhatsApp cannot be asked, by our estimate; says when it becomes possible' } },
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
    const contact = await findContact(ctx.db, waId);
    if (!contact) throw new AppError({ code: 'not_found', message: 'Unknown contact.' });
    return contact;
  };

  app.get('/api/business-numbers', { preHandler: anyone }, async (): Promise<BusinessNumber[]> => {
    const rows = await ctx.db.select().from(businessNumbers).orderBy(asc(businessNumbers.label));
    const now = ctx.now();
    return Promise.all(rows.map(async (n) => {
      const { notices, settings } = await numberStanding(ctx.db, ctx.policy, n.id, now);
      return { id: n.id, displayNumber: formatWaId(n.displayNumber), label: n.label, profile: n.profile, country: countryOf(n.displayNumber), notices, callingSettings: settings };
    }));
  });

  // The first page, up to 500 contacts, as a plain list (the list view pages with /api/contact-pages).
  app.get('/api/contacts', { preHandler: anyone }, async (request): Promise<Contact[]> => {
    const query = parseInput(contactPageQuerySchema.extend({ limit: contactPageQuerySchema.shape.limit.default(500) }), request.query);
    const page = await contactPage(ctx.db, ctx.policy, await numberOf(query.businessNumberId), query, ctx.now());
    return page.contacts;
  });

  app.get('/api/contact-pages', { preHandler: anyone }, async (request): Promise<ContactPage> => {
    const query = parseInput(contactPageQuerySchema, request.query);
    const page = await contactPage(ctx.db, ctx.policy, await numberOf(query.businessNumberId), query, ctx.now());
    // Stop when the agent scrolled on or closed the page: no work for an answer nobody reads.
    return request.raw.destroyed ? { contacts: [], next: null } : page;
  });

  app.post('/api/contacts', { preHandler: callers }, async (request, reply): Promise<Contact> => {
    const input = parseInput(createContactSchema, request.body);
    const waId = contactKey(input);
    const number = input.businessNumberId
      ? await numberOf(input.businessNumberId)
      : (await ctx.db.select().from(businessNumbers).orderBy(asc(businessNumbers.label)).limit(1))[0];
    if (!number) throw new AppError({ code: 'not_found', message: 'This deployment serves no business number yet.' });
    const { contact, created } = await addContact(ctx.db, waId, input.name);
    if (created) await ctx.bus.publish({ kind: 'all' }, { type: 'contact.updated', waId, businessNumberId: number.id });
    reply.code(created ? 201 : 200);
    return contactView(ctx.db, ctx.policy, number, contact, ctx.now());
  });

  app.get<WaIdParams>('/api/contacts/:waId', { preHandler: anyone }, async (request) => {
    const number = await numberOf(parseInput(businessNumberQuerySchema, request.query).businessNumberId);
    return contactView(ctx.db, ctx.policy, number, await contactOf(parseInput(customerIdSchema, request.params.waId)), ctx.now());
  });

  app.post<WaIdParams>('/api/contacts/:waId/permission-status/refresh', { preHandler: anyone }, async (request) => {
    const number = await numberOf(parseInput(businessNumberQuerySchema, request.body).businessNumberId);
    const contact = await contactOf(parseInput(customerIdSchema, request.params.waId));
    const lookup = await askWhatsApp(ctx, number, contact.waId);
    // An answer we cannot read is not an error: the contact shows it as such.
    if (!lookup.answered) throw new AppError({ code: 'meta_error', message: lookup.error.message, metaCode: lookup.error.code, details: lookup.error.details });
    await ctx.bus.publish({ kind: 'all' }, { type: 'contact.updated', waId: contact.waId, businessNumberId: number.id });
    return contactView(ctx.db, ctx.policy, number, contact, ctx.now());
  });

  app.post<WaIdParams>('/api/contacts/:waId/permission-request', { preHandler: callers }, async (request) => {
    const waId = parseInput(customerIdSchema, request.params.waId);
    const input = parseInput(permissionRequestSchema, request.body);
    const number = await numberOf(input.businessNumberId);
    // A valid number typed into the request form becomes a contact; an unknown business-scoped id does not.
    const contact = toWaId(waId) === waId ? (await addContact(ctx.db, waId)).contact : await contactOf(waId);
    const via = await requestPermission(ctx, number, contact, input.body);
    return { ok: true as const, via };
  });
}
