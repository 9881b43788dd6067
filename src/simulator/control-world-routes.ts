/**
 * Control routes about the simulated world as a whole: its clock and identity, the policy
 * profile, reset, faults and the log.
 */
import type { FastifyInstance } from 'fastify';
import { clockAdvanceSchema, simLogQuerySchema, simPolicyPutSchema, type SimClockView, type SimPolicy } from '../shared/sim-api.ts';
import { simFaultsPatchSchema } from '../shared/sim-api-faults.ts';
import { parseOr400 } from './control-errors.ts';
import type { SimCore } from './sim-core.ts';

export function registerWorldRoutes(app: FastifyInstance, core: SimCore): void {
  const { ctx } = core;
  const clockView = (): SimClockView => ({ now: ctx.clock.now(), offset_ms: ctx.clock.offset() });

  app.get('/clock', async () => clockView());
  app.post('/clock', async (req) => {
    const { advance_ms: advanceMs } = parseOr400(clockAdvanceSchema, req.body);
    core.advanceClock(advanceMs);
    return clockView();
  });

  app.get('/world', async () => ({ id: ctx.world.identity.id, seeded_at: ctx.world.identity.seededAt }));

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

  app.get('/faults', async () => core.faults());
  app.put('/faults', async (req) => core.setFaults(parseOr400(simFaultsPatchSchema, req.body ?? {})));

  app.get('/log', async (req) => {
    const { after } = parseOr400(simLogQuerySchema, req.query);
    return { entries: ctx.log.entries(after) };
  });
}
