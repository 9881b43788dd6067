/**
 * Simulator mode: the history the server predicts from must be the one the simulator holds as
 * Meta's truth. The simulator names each seeding of its world (`GET /_sim/world`); when that is not
 * the world the server last aligned with (a first start, a simulator state that was lost, a reset),
 * the server drops what it predicted and re-seeds the demo history at the simulator's own seeding
 * instant, so both agree to the millisecond.
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ServerContext } from './context.ts';
import type { Db } from './db/open-db.ts';
import { appSettings, ledgerEntries, metaPermissionSnapshots, metaRefusals, numberNotices, numberSettings } from './db/schema.ts';
import { seedDemoHistory } from './seed.ts';

const worldSchema = z.object({ id: z.string(), seeded_at: z.number() });
const settingKey = 'simulator_world';

export type AlignResult = 'aligned' | 'unchanged' | 'unavailable';

/**
 * Keeps following the simulator: whenever its world is re-seeded (a trainer's scenario, a test's
 * reset, a lost state file), the demo history is re-aligned within a couple of seconds.
 */
export function watchSimulatorWorld(ctx: ServerContext, simulatorUrl: string, controlToken: string | null, everyMs = 2000): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void alignWithSimulator(ctx, simulatorUrl, controlToken).finally(() => { running = false; });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

export async function alignWithSimulator(ctx: ServerContext, simulatorUrl: string, controlToken: string | null): Promise<AlignResult> {
  let world: z.infer<typeof worldSchema>;
  try {
    const res = await fetch(`${simulatorUrl}/_sim/world`, { headers: controlToken ? { authorization: `Bearer ${controlToken}` } : {}, signal: AbortSignal.timeout(3000) });
    if (!res.ok) return 'unavailable';
    world = worldSchema.parse(await res.json());
  } catch (err) {
    ctx.log.warn({ err: String(err).slice(0, 200) }, "Could not read the simulator's world; the demo history stays as it is");
    return 'unavailable';
  }
  const [stored] = await ctx.db.select().from(appSettings).where(eq(appSettings.key, settingKey));
  if ((stored?.value as { id?: string } | undefined)?.id === world.id) return 'unchanged';
  await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx.delete(ledgerEntries);
    await tx.delete(metaPermissionSnapshots);
    await tx.delete(metaRefusals);
    await tx.delete(numberNotices);
    await tx.delete(numberSettings);
    await seedDemoHistory(tx, world.seeded_at);
    await tx.insert(appSettings).values({ key: settingKey, value: world }).onConflictDoUpdate({ target: appSettings.key, set: { value: world } });
  });
  await ctx.bus.publish({ kind: 'all' }, { type: 'contacts.reset' });
  ctx.log.info({ world: world.id }, "Aligned the demo history with the simulator's world");
  return 'aligned';
}
