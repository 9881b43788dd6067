/**
 * Control routes that play the WhatsApp users: their scripts, and calls they place.
 */
import type { FastifyInstance } from 'fastify';
import { simUserPatchSchema, startUserCallSchema } from '../shared/sim-api.ts';
import { parseOr400, waIdParam } from './control-errors.ts';
import type { SimCore } from './sim-core.ts';
import { placeUserCall } from './user-calls.ts';
import { toSimUser } from './world.ts';

export function registerUserRoutes(app: FastifyInstance, core: SimCore): void {
  const { ctx } = core;

  app.get('/users/:waId', async (req) => toSimUser(ctx.world.user(waIdParam(req)), ctx.phones.isAttached(waIdParam(req))));
  app.put('/users/:waId', async (req) => {
    const waId = waIdParam(req);
    const user = ctx.world.patchUser(waId, parseOr400(simUserPatchSchema, req.body));
    ctx.phones.notify(waId, 'snapshot');
    return toSimUser(user, ctx.phones.isAttached(waId));
  });

  app.post('/users/:waId/calls', async (req) => {
    const call = await placeUserCall(ctx, waIdParam(req), parseOr400(startUserCallSchema, req.body));
    return { call_id: call.id };
  });
}
