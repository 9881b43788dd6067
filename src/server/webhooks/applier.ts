/**
 * Applies stored webhook events off the request path, one subject (a call, a pair, a number) at a
 * time under that subject's lock, in Meta's order within the subject. The instance that received a
 * delivery applies it at once; a periodic sweep applies whatever any instance left behind (a crash,
 * an event that waited for its call). Agent events are written in the same transaction
 * (events/event-bus.ts), so what is applied is announced exactly once.
 */
import { and, asc, eq, lt, sql } from 'drizzle-orm';
import type { ServerContext } from '../context.ts';
import { lockSubject } from '../db/locks.ts';
import type { Db } from '../db/open-db.ts';
import { webhookEvents } from '../db/schema.ts';
import type { Publish } from '../events/event-bus.ts';
import { applyAccountChange } from '../restrictions/apply-account-change.ts';
import { applyCallEvent, applyStatusEvent } from './apply-call.ts';
import { applyMessageEvent } from './apply-message.ts';
import { observeWebhook } from '../training/webhook-tap.ts';
import { storedEventSchema } from './elements.ts';
import { excerpt } from './json-safety.ts';

/** After this many failures an event is set aside (kept, with its failure) instead of retried forever. */
const maxAttempts = 5;
/** An event still waiting for its call after this long will never find it (our connect failed or was lost). */
const orphanAfterMs = 10 * 60_000;

type Row = typeof webhookEvents.$inferSelect;

async function applyRow(tx: Db, ctx: ServerContext, row: Row, publish: Publish): Promise<boolean> {
  const event = storedEventSchema.parse(row.payload);
  switch (event.type) {
    case 'call': return applyCallEvent(tx, ctx, event, publish);
    case 'status': return applyStatusEvent(tx, ctx, event, publish);
    case 'message': return applyMessageEvent(tx, ctx, event, row.occurredAt, publish);
    case 'account_update':
    case 'account_settings_update':
      // WhatsApp's word on a business number (restrictions, settings): server/restrictions/.
      // These values carry no reliable time of their own; they count from when they reached us.
      return applyAccountChange(tx, ctx, { field: event.type, value: event.value, wabaId: event.wabaId, at: ctx.now() }, publish);
    case 'kept': return true;
  }
}

/** Applies the subject's pending events now; returns how many were applied. */
export async function applySubject(ctx: ServerContext, subject: string): Promise<number> {
  let applied = 0;
  const failures: Array<{ id: number; note: string; giveUp: boolean }> = [];
  await ctx.bus.transaction(async (tx, publish) => {
    await lockSubject(tx, subject);
    const rows = await tx.select().from(webhookEvents)
      .where(and(eq(webhookEvents.subject, subject), eq(webhookEvents.applied, false)))
      .orderBy(asc(webhookEvents.occurredAt), asc(webhookEvents.id));
    for (const row of rows) {
      try {
        // A savepoint per event: one that fails is rolled back alone and retried later.
        const done = await tx.transaction(async (sp) => {
          const db = sp as unknown as Db;
          const watch = ctx.classroom ? await observeWebhook(db, ctx, storedEventSchema.parse(row.payload), row.eventKey) : null;
          const applied = await applyRow(db, ctx, row, publish);
          if (applied) await watch?.record(publish);
          return applied;
        });
        if (done) {
          await tx.update(webhookEvents).set({ applied: true }).where(eq(webhookEvents.id, row.id));
          applied++;
          ctx.metrics.webhookApplied(row.kind.split('.')[0] ?? row.kind);
        }
      } catch (err) {
        const note = `apply failed: ${excerpt(String((err as Error).message ?? err), 200)}`;
        failures.push({ id: row.id, note, giveUp: row.attempts + 1 >= maxAttempts });
        ctx.log.error({ err: excerpt(String(err), 300), eventKey: excerpt(row.eventKey, 120), attempts: row.attempts + 1 }, 'Applying a webhook event failed');
      }
    }
  });
  for (const f of failures) {
    await ctx.db.update(webhookEvents).set({ attempts: sql`${webhookEvents.attempts} + 1`, note: f.note, applied: f.giveUp }).where(eq(webhookEvents.id, f.id));
  }
  return applied;
}

export interface Applier {
  /** Applies these subjects soon (in the background); repeated subjects coalesce. */
  schedule(subjects: readonly string[]): void;
  /** Resolves once nothing is scheduled or running (tests, shutdown). */
  idle(): Promise<void>;
  /** Subjects waiting to be applied on this instance. */
  backlog(): number;
  /**
   * Runs a delivery's durable insert. With `ackFirst` (one connection: PGlite), applying waits while
   * any is in flight, up to `ackFirstMaxWaitMs`, so Meta's 200 never queues behind a subject's
   * transaction; the backlog gauge shows what that defers.
   */
  receiving<T>(work: () => Promise<T>): Promise<T>;
  /** Finds subjects with pending events (any instance's) and schedules them. */
  sweep(): Promise<void>;
  start(sweepEveryMs?: number): void;
  stop(): Promise<void>;
}

export function createApplier(ctx: ServerContext, opts: { concurrency?: number; ackFirst?: boolean; ackFirstMaxWaitMs?: number } = {}): Applier {
  const queue = new Set<string>();
  const maxWaitMs = opts.ackFirstMaxWaitMs ?? 250;
  let receiving = 0;
  let quiet: Array<() => void> = [];
  /**
   * Resolves when no delivery is being stored, or after maxWaitMs, so applying is never starved.
   * With `ackFirst` it first yields to the event loop: PGlite answers in microtasks, so subjects
   * applied back to back would otherwise keep Meta's requests from even being read.
   */
  const acksFirst = async (): Promise<void> => {
    if (!opts.ackFirst) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (receiving === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, maxWaitMs);
      function done() { clearTimeout(timer); quiet = quiet.filter((w) => w !== done); resolve(); }
      quiet.push(done);
    });
  };
  const running = new Set<string>();
  const concurrency = opts.concurrency ?? 4;
  let active: Promise<unknown>[] = [];
  let timer: NodeJS.Timeout | undefined;
  let idleWaiters: Array<() => void> = [];

  const settle = () => {
    if (queue.size === 0 && running.size === 0) {
      for (const w of idleWaiters) w();
      idleWaiters = [];
    }
  };
  const pump = () => {
    for (const subject of queue) {
      if (running.size >= concurrency) break;
      if (running.has(subject)) continue; // once it finishes, it runs again for what arrived meanwhile
      queue.delete(subject);
      running.add(subject);
      const job = acksFirst().then(() => applySubject(ctx, subject))
        .catch((err: unknown) => ctx.log.error({ err: excerpt(String(err), 300), subject: excerpt(subject, 120) }, 'Applying a subject failed'))
        .finally(() => {
          running.delete(subject);
          active = active.filter((p) => p !== job);
          pump();
          settle();
        });
      active.push(job);
    }
  };

  const applier: Applier = {
    schedule(subjects) {
      for (const s of subjects) if (s !== 'none') queue.add(s);
      pump();
    },
    async receiving(work) {
      receiving++;
      try {
        return await work();
      } finally {
        if (--receiving === 0) for (const w of [...quiet]) w();
      }
    },
    idle: () => (queue.size === 0 && running.size === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve))),
    backlog: () => queue.size + running.size,
    async sweep() {
      // received_at is the database's clock, so compare with the database's clock.
      await ctx.db.update(webhookEvents).set({ applied: true, note: 'orphan: its call never became known here' })
        .where(and(eq(webhookEvents.applied, false), lt(webhookEvents.receivedAt, sql`now() - make_interval(secs => ${orphanAfterMs / 1000})`)));
      const rows = await ctx.db.selectDistinct({ subject: webhookEvents.subject }).from(webhookEvents)
        .where(and(eq(webhookEvents.applied, false), lt(webhookEvents.receivedAt, sql`now() - interval '1 second'`))).limit(500);
      applier.schedule(rows.map((r) => r.subject));
    },
    start(sweepEveryMs = 5000) {
      timer = setInterval(() => void applier.sweep().catch((err: unknown) => ctx.log.error({ err: excerpt(String(err), 300) }, 'Webhook sweep failed')), sweepEveryMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      queue.clear();
      await Promise.allSettled(active);
    },
  };
  return applier;
}
