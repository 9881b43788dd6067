/**
 * Control routes about the business phone numbers on the simulated Cloud API: their settings, a
 * sandbox number's allow-list, and WhatsApp's warnings and restrictions (each one a webhook).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  simAllowListSchema, simCallingPatchSchema, simRestrictionSchema, simViolationSchema, type SimBusinessNumberDetail,
} from '../shared/sim-api-numbers.ts';
import { changeCallingSettings, restrictBusiness, settingsView, warnBusiness } from './business-settings.ts';
import { ControlError, parseOr400 } from './control-errors.ts';
import type { SimCore } from './sim-core.ts';
import { restrictionsInForce, toSimBusinessNumber, type BusinessNumber } from './world.ts';

const WEEK_MS = 7 * 24 * 3600 * 1000;

export function registerBusinessRoutes(app: FastifyInstance, core: SimCore): void {
  const { ctx } = core;

  function numberParam(req: FastifyRequest): BusinessNumber {
    const id = (req.params as { pnid: string }).pnid;
    const business = ctx.world.business(id);
    if (!business) throw new ControlError('not_found', `No business number ${id}.`);
    return business;
  }

  function detail(business: BusinessNumber): SimBusinessNumberDetail {
    return {
      ...toSimBusinessNumber(business),
      calling: settingsView(business, ctx.clock.now()).calling,
      restrictions: restrictionsInForce(business, ctx.clock.now()).map((r) => ({ restriction_type: r.type, expires_at: r.until })),
      allow_list: [...business.allowList],
    };
  }

  app.get('/business-numbers', async () => [...ctx.world.businesses.values()].map(toSimBusinessNumber));
  app.get('/business-numbers/:pnid', async (req) => detail(numberParam(req)));

  app.put('/business-numbers/:pnid/settings', async (req) => {
    const business = numberParam(req);
    changeCallingSettings(ctx, business, parseOr400(simCallingPatchSchema, req.body).calling);
    return detail(business);
  });

  app.get('/business-numbers/:pnid/allow-list', async (req) => ({ wa_ids: [...numberParam(req).allowList] }));
  app.put('/business-numbers/:pnid/allow-list', async (req) => {
    const business = numberParam(req);
    const { wa_ids: waIds } = parseOr400(simAllowListSchema, req.body);
    if (business.profile !== 'sandbox') throw new ControlError('conflict', `${business.name} is a production number: only sandbox numbers have an allow-list.`);
    ctx.world.setAllowList(business, waIds);
    return { wa_ids: [...business.allowList] };
  });

  app.post('/business-numbers/:pnid/violations', async (req) => {
    const business = numberParam(req);
    warnBusiness(ctx, business, parseOr400(simViolationSchema, req.body).violation_type);
    return detail(business);
  });

  app.post('/business-numbers/:pnid/restrictions', async (req) => {
    const business = numberParam(req);
    const { restriction_type: type, expires_in_ms: expiresInMs } = parseOr400(simRestrictionSchema, req.body);
    const until = expiresInMs === null ? null : ctx.clock.now() + (expiresInMs ?? WEEK_MS);
    restrictBusiness(ctx, business, { type, until });
    return detail(business);
  });

  // UNCONFIRMED: Meta documents no webhook when a restriction ends; lifting one early sends nothing.
  app.delete('/business-numbers/:pnid/restrictions', async (req) => {
    const business = numberParam(req);
    ctx.world.liftRestrictions(business);
    return detail(business);
  });
}
