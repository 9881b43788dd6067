/**
 * This instance's open push channels, by user. Delivers bus messages to the matching connections.
 */
import type { AgentEvent } from '../../shared/agent-api.ts';
import type { BusMessage, EventBus } from './event-bus.ts';

export interface AgentConnection {
  userId: string;
  send(event: AgentEvent): void;
}

export interface AgentHub {
  add(connection: AgentConnection): () => void;
  /** Users with at least one open channel on this instance. */
  connectedUserIds(): Set<string>;
  close(): void;
}

export function createAgentHub(bus: EventBus): AgentHub {
  const connections = new Set<AgentConnection>();
  const deliver = (message: BusMessage) => {
    for (const c of connections) {
      if (message.to.kind === 'all' || message.to.userIds.includes(c.userId)) c.send(message.event);
    }
  };
  const unsubscribe = bus.subscribe(deliver);
  return {
    add(connection) {
      connections.add(connection);
      return () => connections.delete(connection);
    },
    connectedUserIds: () => new Set([...connections].map((c) => c.userId)),
    close: unsubscribe,
  };
}
