/**
 * Control routes about the business phone numbers on the simulated Cloud API.
 */
import type { FastifyInstance } from 'fastify';
import type { SimCore } from './sim-core.ts';
import { toSimBusinessNumber } from './world.ts';

export function registerBusinessRoutes(app: FastifyInstance, core: SimCore): void {
  const { ctx } = core;
  app.get('/business-numbers', async () => [...ctx.world.businesses.values()].map(toSimBusinessNumber));
}
