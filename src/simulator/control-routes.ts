/**
 * The simulator's `/_sim` routes (contract: `src/shared/sim-api.ts`): one scope with the control
 * API's error envelope and CORS, the OpenAPI document, the open phone page routes, and the control
 * routes behind the control token (split by area: world, users, business numbers, calls).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { registerCors, requireControlToken, type ControlAccess } from './control-access.ts';
import { registerBusinessRoutes } from './control-business-routes.ts';
import { registerCallRoutes } from './control-call-routes.ts';
import { ControlError } from './control-errors.ts';
import { registerUserRoutes } from './control-user-routes.ts';
import { registerWorldRoutes } from './control-world-routes.ts';
import { buildSimulatorOpenApi } from './openapi.ts';
import { registerPhoneRoutes } from './phone-routes.ts';
import type { SimCore } from './sim-core.ts';

/** Registers `/_sim/*`; call inside `app.register(…, { prefix: '/_sim' })`. */
export async function registerControlRoutes(app: FastifyInstance, core: SimCore, access: ControlAccess): Promise<void> {
  const openApi = buildSimulatorOpenApi();
  registerCors(app, access);

  app.setErrorHandler((err: FastifyError | ControlError, req: FastifyRequest, reply: FastifyReply) => {
    const error = err instanceof ControlError ? err
      : (err.statusCode ?? 500) < 500 ? new ControlError('bad_request', err.message)
        : new ControlError('internal', err.message);
    if (error.code === 'internal') req.log.error(err);
    if (error.code === 'unauthenticated') reply.header('www-authenticate', 'Bearer realm="simulator control API"');
    return reply.code(error.status).send(error.toBody());
  });

  app.get('/openapi.json', async () => openApi);
  await app.register(async (phone) => registerPhoneRoutes(phone, core, access));
  await app.register(async (control) => {
    control.addHook('onRequest', requireControlToken(access));
    registerWorldRoutes(control, core);
    registerUserRoutes(control, core);
    registerBusinessRoutes(control, core);
    registerCallRoutes(control, core);
  });
}
