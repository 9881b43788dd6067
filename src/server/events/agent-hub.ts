/**
 * This instance's open push channels. Delivers committed bus messages to the matching
 * connections: everyone, named users, or everyone with a role.
 */
import type { AgentEvent, Role } from '../../shared/agent-api.ts';
import type { Audience, BusMessage, EventBus } from './event-bus.ts';

export interface AgentConnection {
  userId: string;
  role: Role;
  send(id: number, event: AgentEvent): void;
}

export interface AgentHub {
  add(connection: AgentConnection): () => void;
  /** Users with at least one open channel on this instance. */
  connectedUserIds(): Set<string>;
  /** Open channels on this instance. */
  size(): number;
  close(): void;
}

export function reaches(to: Audience, who: { userId: string; role: Role }): boolean {
  switch (to.kind) {
    case 'all': return true;
    case 'users': return to.userIds.includes(who.userId);
    case 'roles': return to.roles.includes(who.role);
  }
}

export function createAgentHub(bus: EventBus): AgentHub {
  const connections = new Set<AgentConnection>();
  const deliver = (message: BusMessage) => {
    for (const c of connections) if (reaches(message.to, c)) c.send(message.id, message.event);
  };
  const unsubscribe = bus.subscribe(deliver);
  return {
    add(connection) {
      connections.add(connection);
      return () => connections.delete(connection);
    },
    connectedUserIds: () => new Set([...connections].map((c) => c.userId)),
    size: () => connections.size,
    close: unsubscribe,
  };
}
