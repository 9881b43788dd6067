/**
 * Scenarios are data: one JSON file each in `shared/scenarios/`, read and validated at start
 * (`shared/training-api.ts` scenarioSchema), so a trainer adds one without code. Running one
 * resets the simulated world to its seed, runs its steps against the simulator's control API (and
 * the few things only Ringside can do), re-aligns the server, and notes it on the timeline.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { scenarioSchema, type Scenario, type ScenarioStep } from '../../shared/training-api.ts';
import { publishAgents } from '../agents/agent-status.ts';
import type { ServerContext } from '../context.ts';
import { users } from '../db/schema.ts';
import type { SimulatorControl } from './simulator-control.ts';
import { recordTimeline } from './timeline.ts';

export const scenarioDir = fileURLToPath(new URL('../../shared/scenarios/', import.meta.url));

/** Every scenario file in `dir`, by file name; a file that is not a valid scenario stops the start, naming it. */
export function loadScenarios(dir: string = scenarioDir): Scenario[] {
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((file) => {
    const parsed = scenarioSchema.safeParse(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    if (!parsed.success) throw new Error(`Scenario ${file} is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return parsed.data;
  });
}

/** Every agent goes Away (training): nobody can be rung. */
async function agentsAway(ctx: ServerContext): Promise<void> {
  await ctx.bus.transaction(async (tx, publish) => {
    const rows = await tx.update(users).set({ presence: 'away', awayReason: 'training', presenceSince: ctx.wallNow() })
      .where(eq(users.role, 'agent')).returning({ id: users.id });
    await publishAgents(tx, ctx, publish, rows.map((r) => r.id));
  });
}

async function runStep(ctx: ServerContext, sim: SimulatorControl, step: ScenarioStep): Promise<void> {
  if ('server' in step) {
    if (step.server === 'agents_away') await agentsAway(ctx);
    return;
  }
  await sim.request(step.method, step.path, step.body);
}

export async function runScenario(ctx: ServerContext, sim: SimulatorControl, scenario: Scenario): Promise<void> {
  await sim.request('POST', '/reset');
  // The world is the seed again: align first, so the steps' webhooks land on the seeded history.
  await sim.worldChanged();
  await recordTimeline(ctx, {
    at: ctx.now(), direction: 'note', kind: 'scenario', callId: null, waId: null, businessNumberId: null,
    caption: `Scenario "${scenario.title}": ${scenario.caption}`, json: scenario,
  });
  for (const step of scenario.steps) await runStep(ctx, sim, step);
}
