/**
 * The agent's push channel: `GET /api/events`, Server-Sent Events whose `data:` is one JSON
 * `AgentEvent`. Each is checked against its type's shape (agent-shapes.ts) and routed to a handler
 * map that must name every event type, so a new event cannot be silently ignored.
 */
import type { AgentEvent, AgentEventType } from '../../shared/agent-api.ts';
import { agentEventShapes } from './agent-shapes.ts';
import { openEventStream, parseJsonData, type EventStreamOptions, type LinkStatus } from './event-stream.ts';
import { shapeProblem } from './shape.ts';

export type { LinkStatus };

export type AgentEventHandlers = { [K in AgentEventType]: (event: Extract<AgentEvent, { type: K }>) => void };

const eventNames = Object.keys(agentEventShapes) as AgentEventType[];
const isEventType = (type: unknown): type is AgentEventType => typeof type === 'string' && Object.hasOwn(agentEventShapes, type);

export function parseAgentEvent(raw: string): AgentEvent | null {
  const json = parseJsonData(raw, 'agent-events');
  const type = (json as { type?: unknown } | null)?.type;
  if (!isEventType(type)) {
    console.warn('agent-events: unknown event', type);
    return null;
  }
  const problem = shapeProblem<AgentEvent>(json, agentEventShapes[type], type);
  if (problem === null) return json as AgentEvent;
  console.warn('agent-events: unreadable event', problem);
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
