/**
 * The simulator's control API under `/_sim` (contract: `src/shared/sim-api.ts`): business
 * numbers, users and their scripts, user-initiated calls, the clock, the policy profile, reset,
 * faults, the log and the OpenAPI document. CORS is open because the phone page is served from
 * another origin.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  clockAdvanceSchema, simFaultsPatchSchema, simLogQuerySchema, simPolicyPutSchema, simUserPatchSchema, startUserCallSchema, type SimPolicy,
} from '../shared/sim-api.ts';
import { ControlError, parseOr400, waIdParam } from './control-errors.ts';
import { buildSimulatorOpenApi } from './openapi.ts';
import { registerPhoneRoutes } from './phone-routes.ts';
import type { SimCore } from './sim-core.ts';
import { startUserCall } from './user-calls.ts';
import { toSimBusinessNumber, toSimUser } from './world.ts';

/** Registers `/_sim/*`; call inside `app.register(…, { prefix: '/_sim' })`. */
export async function registerControlRoutes(app: FastifyInstance, core: SimCore): Promise<void> {
  const { ctx } = core;
  const openApi = buildSimulatorOpenApi();

  app.addHook('onRequest', async (_req, reply) => {
    reply.header('access-control-allow-origin', '*');
  });
  app.options('/*', async (_req, reply) => reply
    .header('access-control-allow-methods', 'GET, POST, PUT, OPTIONS')
    .header('access-control-allow-headers', 'content-type, authorization')
    .header('access-control-max-age', '600')
    .code(204)
    .send());

  app.setErrorHandler((err: FastifyError | ControlError, req: FastifyRequest, reply: FastifyReply) => {
    const error = err instanceof ControlError ? err
      : (err.statusCode ?? 500) < 500 ? new ControlError('bad_request', err.message)
        : new ControlError('internal', err.message);
    if (error.code === 'internal') req.log.error(err);
    return reply.code(error.status).send(error.toBody());
  });

  app.get('/openapi.json', async () => openApi);
  app.get('/business-numbers', async () => [...ctx.world.businesses.values()].map(toSimBusinessNumber));

  app.get('/users/:waId', async (req) => toSimUser(ctx.world.user(waIdParam(req)), ctx.phones.isAttached(waIdParam(req))));
  app.put('/users/:waId', async (req) => {
    const waId = waIdParam(req);
    const user = ctx.world.patchUser(waId, parseOr400(simUserPatchSchema, req.body));
    ctx.phones.notify(waId, 'snapshot');
    return toSimUser(user, ctx.phones.isAttached(waId));
  });

  app.post('/users/:waId/calls', async (req) => {
    const waId = waIdParam(req);
    const { phone_number_id: phoneNumberId } = parseOr400(startUserCallSchema, req.body);
    const business = ctx.world.business(phoneNumberId);
    if (!business) throw new ControlError('not_found', `No business number ${phoneNumberId}.`);
    const call = await startUserCall(ctx, waId, business);
    return { call_id: call.id };
  });

  app.post('/clock', async (req) => {
    const { advance_ms: advanceMs } = parseOr400(clockAdvanceSchema, req.body);
    return { now: ctx.clock.advance(advanceMs) };
  });

  const activePolicy = (): SimPolicy => ({ profile: ctx.policy.profile.id, label: ctx.policy.profile.label });
  app.get('/policy', async () => activePolicy());
  app.put('/policy', async (req) => {
    core.setPolicyProfile(parseOr400(simPolicyPutSchema, req.body).profile);
    return activePolicy();
  });

  app.post('/reset', async () => {
    await core.reset();
    return { now: ctx.clock.now() };
  });

  app.put('/faults', async (req) => {
    const patch = parseOr400(simFaultsPatchSchema, req.body ?? {});
    if (patch.duplicate_webhooks !== undefined) ctx.webhooks.duplicate = patch.duplicate_webhooks;
    return { duplicate_webhooks: ctx.webhooks.duplicate };
  });

  app.get('/log', async (req) => {
    const { after } = parseOr400(simLogQuerySchema, req.query);
    return { entries: ctx.log.entries(after) };
  });

  await registerPhoneRoutes(app, core);
}
