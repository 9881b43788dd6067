/**
 * Fan-out of agent events between server instances. On PGlite (single instance) an in-process
 * emitter; on PostgreSQL, LISTEN/NOTIFY on a dedicated connection (stack.md §5), so a webhook that
 * lands on one instance rings agents connected to another.
 */
import { EventEmitter } from 'node:events';
import pg from 'pg';
import { z } from 'zod';
import { agentEventSchema, type AgentEvent } from '../../shared/agent-api.ts';

export const audienceSchema = z.union([z.object({ kind: z.literal('all') }), z.object({ kind: z.literal('users'), userIds: z.array(z.string()) })]);
export type Audience = z.infer<typeof audienceSchema>;
const busMessageSchema = z.object({ to: audienceSchema, event: agentEventSchema });
export type BusMessage = z.infer<typeof busMessageSchema>;

export interface EventBus {
  publish(to: Audience, event: AgentEvent): Promise<void>;
  subscribe(handler: (message: BusMessage) => void): () => void;
  close(): Promise<void>;
}

export function createMemoryBus(): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    async publish(to, event) {
      emitter.emit('message', { to, event });
    },
    subscribe(handler) {
      emitter.on('message', handler);
      return () => emitter.off('message', handler);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

const channel = 'ringside_agent_events';
/** NOTIFY payloads must stay under 8000 bytes. */
const maxPayload = 7900;

export async function createPgBus(connectionString: string, onError: (err: Error) => void): Promise<EventBus> {
  const listener = new pg.Client({ connectionString });
  const publisher = new pg.Pool({ connectionString, max: 2 });
  const local = createMemoryBus();
  await listener.connect();
  listener.on('error', onError);
  listener.on('notification', (n) => {
    if (n.channel !== channel || !n.payload) return;
    const parsed = busMessageSchema.safeParse(JSON.parse(n.payload));
    if (parsed.success) void local.publish(parsed.data.to, parsed.data.event);
    else onError(new Error(`Dropped malformed bus message: ${parsed.error.message}`));
  });
  await listener.query(`LISTEN ${channel}`);
  return {
    async publish(to, event) {
      const payload = JSON.stringify({ to, event });
      if (Buffer.byteLength(payload) > maxPayload) throw new Error(`Agent event ${event.type} is ${payload.length} bytes, over NOTIFY's limit`);
      await publisher.query('select pg_notify($1, $2)', [channel, payload]);
    },
    subscribe: local.subscribe,
    async close() {
      await local.close();
      await listener.end();
      await publisher.end();
    },
  };
}
