/**
 * Agent events, through an outbox. Domain code publishes inside the transaction that causes an
 * event (`transaction`); the event is written to `agent_events` in that transaction, so it exists
 * if and only if the change committed, whatever its size. Delivery after commit:
 * - PGlite (one instance): straight to this process's subscribers.
 * - PostgreSQL: `pg_notify` inside the transaction carries only the id range; every instance's
 *   listener reads the rows and delivers them to its own connections, and catches up on whatever
 *   it missed after its listening connection drops (stack.md §5: NOTIFY payloads stay small).
 */
import { randomUUID } from 'node:crypto';
import { and, asc, between, gt, sql } from 'drizzle-orm';
import pg from 'pg';
import { z } from 'zod';
import { agentEventSchema, roleSchema, type AgentEvent } from '../../shared/agent-api.ts';
import type { Db } from '../db/open-db.ts';
import { agentEvents } from '../db/schema.ts';

export const audienceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('users'), userIds: z.array(z.string()) }),
  /** Everyone signed in with one of these roles (e.g. supervisors watching the floor). */
  z.object({ kind: z.literal('roles'), roles: z.array(roleSchema) }),
]);
export type Audience = z.infer<typeof audienceSchema>;
export interface BusMessage { id: number; to: Audience; event: AgentEvent }

/** Collects the events of one transaction. */
export type Publish = (to: Audience, event: AgentEvent) => void;

export interface EventBus {
  /** Runs `fn` in a transaction; what it publishes is stored with it and delivered once it commits. */
  transaction<T>(fn: (tx: Db, publish: Publish) => Promise<T>): Promise<T>;
  /** One event in a transaction of its own. */
  publish(to: Audience, event: AgentEvent): Promise<void>;
  subscribe(handler: (message: BusMessage) => void): () => void;
  /** Stored events after `afterId`, oldest first (a reconnecting stream's replay). */
  since(afterId: number, limit?: number): Promise<BusMessage[]>;
  close(): Promise<void>;
}

const channel = 'ringside_agent_events';

function toMessage(row: { id: number; audience: unknown; event: unknown }): BusMessage | null {
  const to = audienceSchema.safeParse(row.audience);
  const event = agentEventSchema.safeParse(row.event);
  return to.success && event.success ? { id: Number(row.id), to: to.data, event: event.data } : null;
}

interface Transport {
  /** Inside the transaction, after the rows are written. */
  staged(tx: Db, first: number, last: number): Promise<void>;
  /** After commit, with the rows written. */
  committed(messages: BusMessage[]): void;
  close(): Promise<void>;
}

function createBus(db: Db, transport: Transport, handlers: Set<(m: BusMessage) => void>): EventBus {
  const bus: EventBus = {
    async transaction(fn) {
      let written: BusMessage[] = [];
      const result = await db.transaction(async (txRaw) => {
        const tx = txRaw as unknown as Db;
        const pending: Array<{ audience: Audience; event: AgentEvent }> = [];
        const value = await fn(tx, (to, event) => pending.push({ audience: to, event }));
        written = [];
        if (pending.length > 0) {
          const rows = await tx.insert(agentEvents).values(pending).returning({ id: agentEvents.id });
          written = rows.map((r, i) => ({ id: Number(r.id), to: pending[i]!.audience, event: pending[i]!.event }));
          await transport.staged(tx, written[0]!.id, written.at(-1)!.id);
        }
        return value;
      });
      if (written.length > 0) transport.committed(written);
      return result;
    },
    publish: (to, event) => bus.transaction(async (_tx, publish) => publish(to, event)),
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    async since(afterId, limit = 500) {
      const rows = await db.select().from(agentEvents).where(gt(agentEvents.id, afterId)).orderBy(asc(agentEvents.id)).limit(limit);
      return rows.map(toMessage).filter((m): m is BusMessage => m !== null);
    },
    async close() {
      handlers.clear();
      await transport.close();
    },
  };
  return bus;
}

const deliverTo = (handlers: Set<(m: BusMessage) => void>, messages: BusMessage[]) => {
  for (const m of messages) for (const h of handlers) h(m);
};

/** One instance (PGlite, tests): committed events go straight to this process's subscribers. */
export function createLocalBus(db: Db): EventBus {
  const handlers = new Set<(m: BusMessage) => void>();
  return createBus(db, { staged: async () => undefined, committed: (m) => deliverTo(handlers, m), close: async () => undefined }, handlers);
}

/**
 * Many instances on PostgreSQL. `onError` hears listener trouble (the bus reconnects by itself).
 * Each instance delivers every committed event exactly once to its subscribers.
 */
export async function createPgBus(db: Db, connectionString: string, onError: (err: Error) => void): Promise<EventBus> {
  const handlers = new Set<(m: BusMessage) => void>();
  const delivered = new Set<number>();
  let highest = Number((await db.select({ max: sql<string | null>`max(${agentEvents.id})` }).from(agentEvents))[0]?.max ?? 0);
  let listener: pg.Client | null = null;
  let closed = false;
  const instance = randomUUID();

  const deliver = (messages: BusMessage[]) => {
    const fresh = messages.filter((m) => !delivered.has(m.id));
    for (const m of fresh) {
      delivered.add(m.id);
      highest = Math.max(highest, m.id);
    }
    // Remember recent ids only; catch-up after a reconnect looks back a bounded distance.
    if (delivered.size > 20_000) for (const id of [...delivered].slice(0, 10_000)) delivered.delete(id);
    deliverTo(handlers, fresh);
  };
  const read = async (first: number, last: number) => {
    let known = true;
    for (let id = first; id <= last && known; id++) known = delivered.has(id);
    if (known) return; // our own commit, delivered already
    const rows = await db.select().from(agentEvents).where(and(between(agentEvents.id, first, last))).orderBy(asc(agentEvents.id));
    deliver(rows.map(toMessage).filter((m): m is BusMessage => m !== null));
  };

  async function listen(): Promise<void> {
    const client = new pg.Client({ connectionString, application_name: `ringside-bus-${instance.slice(0, 8)}` });
    client.on('error', (err) => {
      onError(err);
      if (listener === client) listener = null;
      void client.end().catch(() => undefined);
      if (!closed) setTimeout(() => void listen().catch(onError), 500).unref();
    });
    client.on('notification', (n) => {
      const match = n.channel === channel ? /^(\d+)-(\d+)$/.exec(n.payload ?? '') : null;
      if (match) void read(Number(match[1]), Number(match[2])).catch(onError);
    });
    await client.connect();
    await client.query(`LISTEN ${channel}`);
    listener = client;
    // Whatever committed while we were not listening (ids commit out of order: look back a little).
    const rows = await db.select().from(agentEvents).where(gt(agentEvents.id, Math.max(0, highest - 1000))).orderBy(asc(agentEvents.id)).limit(5000);
    deliver(rows.map(toMessage).filter((m): m is BusMessage => m !== null));
  }
  await listen();

  return createBus(db, {
    staged: async (tx, first, last) => { await tx.execute(sql`select pg_notify(${channel}, ${`${first}-${last}`})`); },
    committed: deliver, // at once here; the NOTIFY that comes back to this instance finds them delivered
    async close() {
      closed = true;
      await listener?.end().catch(() => undefined);
    },
  }, handlers);
}
