/**
 * This instance's open push channels. Delivers committed bus messages to the matching
 * connections: everyone, named users, or everyone with a role. A message is serialised once, not
 * once per channel. Messages for named users (a call ringing her, Meta's answer) are written at
 * once; broadcasts (the queue, a contact's change, the floor) are gathered per channel and written
 * together every `broadcastEveryMs`, in order: with thousands of channels and calls, one write per
 * channel per broadcast was most of the server's time (the scale bench: 2,000 agents).
 */
import type { AgentEvent, Role } from '../../shared/agent-api.ts';
import type { Audience, BusMessage, EventBus } from './event-bus.ts';

export interface AgentConnection {
  userId: string;
  role: Role;
  /** Writes serialised event-stream frames (`frame`) to the channel. */
  write(frames: string): void;
}

/** An event as an event-stream frame; `id` (the bus's) lets a reconnecting channel resume. */
export const frame = (id: number | null, event: AgentEvent): string => `${id === null ? '' : `id: ${id}\n`}data: ${JSON.stringify(event)}\n\n`;

/** How long a broadcast may wait to be written with the next ones: unnoticeable for a count or a list. */
export const broadcastEveryMs = 250;

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
  const byUser = new Map<string, Set<AgentConnection>>();
  /** Broadcast frames waiting per channel, written by the next flush (or before a message for her). */
  const pending = new Map<AgentConnection, string>();
  let timer: NodeJS.Timeout | null = null;
  const flush = () => {
    timer = null;
    for (const [c, frames] of pending) c.write(frames);
    pending.clear();
  };
  const deliver = (message: BusMessage) => {
    const text = frame(message.id, message.event);
    if (message.to.kind === 'users') {
      for (const userId of message.to.userIds) {
        for (const c of byUser.get(userId) ?? []) {
          const waiting = pending.get(c) ?? '';
          pending.delete(c);
          c.write(waiting + text);
        }
      }
      return;
    }
    for (const c of connections) {
      if (!reaches(message.to, c)) continue;
      pending.set(c, (pending.get(c) ?? '') + text);
      timer ??= setTimeout(flush, broadcastEveryMs);
    }
  };
  const unsubscribe = bus.subscribe(deliver);
  return {
    add(connection) {
      connections.add(connection);
      const mine = byUser.get(connection.userId) ?? new Set();
      byUser.set(connection.userId, mine.add(connection));
      return () => {
        connections.delete(connection);
        pending.delete(connection);
        mine.delete(connection);
        if (mine.size === 0) byUser.delete(connection.userId);
      };
    },
    connectedUserIds: () => new Set([...connections].map((c) => c.userId)),
    size: () => connections.size,
    close() {
      unsubscribe();
      if (timer) clearTimeout(timer);
      flush();
    },
  };
}
