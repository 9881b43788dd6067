/**
 * The agent's push channel: `GET /api/events`, Server-Sent Events whose `data:` is one JSON
 * `AgentEvent`. Each is parsed with the shared schema and routed to a handler map that must name
 * every event type, so a new event cannot be silently ignored.
 */
import { agentEventSchema, type AgentEvent, type AgentEventType } from '../../shared/agent-api.ts';
import { openEventStream, parseJsonData, type EventStreamOptions, type LinkStatus } from './event-stream.ts';

export type { LinkStatus };

export type AgentEventHandlers = { [K in AgentEventType]: (event: Extract<AgentEvent, { type: K }>) => void };

const eventNames = agentEventSchema.options.map((o) => o.shape.type.value);

export function parseAgentEvent(raw: string): AgentEvent | null {
  const parsed = agentEventSchema.safeParse(parseJsonData(raw, 'agent-events'));
  if (parsed.success) return parsed.data;
  console.warn('agent-events: unknown event', parsed.error.issues);
  return null;
}

export function connectAgentEvents(handlers: AgentEventHandlers, options: Omit<EventStreamOptions, 'onData' | 'eventNames'> & { url?: string } = {}): () => void {
  return openEventStream(options.url ?? '/api/events', {
    ...options,
    eventNames,
    onData(raw) {
      const event = parseAgentEvent(raw);
      if (event) (handlers[event.type] as (e: AgentEvent) => void)(event);
    },
  });
}
