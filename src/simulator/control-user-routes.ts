/**
 * Control routes that play the WhatsApp users: who they are (number, BSUID, username, hidden
 * phone), their scripts, the calls they place and the permissions they give or take back.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isBsuid } from '../shared/customer-id.ts';
import { toWaId } from '../shared/phone-number.ts';
import { simUserCreateSchema, simUserPatchSchema, simUserPermissionSchema, startUserCallSchema } from '../shared/sim-api.ts';
import { ControlError, parseOr400, waIdParam } from './control-errors.ts';
import type { SimCore } from './sim-core.ts';
import { placeUserCall } from './user-calls.ts';
import { userPermissionAction } from './user-permissions.ts';
import { toSimUser } from './world-users.ts';

export function registerUserRoutes(app: FastifyInstance, core: SimCore): void {
  const { ctx } = core;
  const view = (waId: string) => toSimUser(ctx.world.user(waId), ctx.phones.isAttached(waId));

  /** The `{id}` path parameter: a wa_id, or the BSUID of a user the world knows. */
  function userParam(req: FastifyRequest): string {
    const id = (req.params as { waId?: string }).waId ?? '';
    if (!isBsuid(id)) return waIdParam(req);
    const user = ctx.world.users.byBsuid(id);
    if (!user) throw new ControlError('not_found', `No user has the business-scoped user id ${id}.`);
    return user.waId;
  }

  app.get('/users', async () => ctx.world.users.all().map((u) => view(u.waId)));

  app.post('/users', async (req, reply) => {
    const { number, ...patch } = parseOr400(simUserCreateSchema, req.body);
    const waId = toWaId(number);
    if (!waId) throw new ControlError('bad_request', `"${number}" is not a valid phone number in international form.`);
    const existed = ctx.world.users.find(waId) !== undefined;
    ctx.world.patchUser(waId, patch);
    ctx.phones.notify(waId, 'snapshot');
    return reply.code(existed ? 200 : 201).send(view(waId));
  });

  app.get('/users/:waId', async (req) => view(userParam(req)));
  app.put('/users/:waId', async (req) => {
    const waId = userParam(req);
    ctx.world.patchUser(waId, parseOr400(simUserPatchSchema, req.body));
    ctx.phones.notify(waId, 'snapshot');
    return view(waId);
  });

  app.post('/users/:waId/calls', async (req) => {
    const call = await placeUserCall(ctx, userParam(req), parseOr400(startUserCallSchema, req.body));
    return { call_id: call.id };
  });

  app.post('/users/:waId/permissions', async (req) => {
    const waId = userParam(req);
    const { phone_number_id: phoneNumberId, action } = parseOr400(simUserPermissionSchema, req.body);
    const business = ctx.world.business(phoneNumberId);
    if (!business) throw new ControlError('not_found', `No business number ${phoneNumberId}.`);
    return { message_id: userPermissionAction(ctx, business, waId, action) };
  });
}
