/**
 * The hub's writes: a message for named users at once; broadcasts gathered per channel and written
 * together a moment later; a channel's frames always in the bus's order.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentEvent } from '../../shared/agent-api.ts';
import { broadcastEveryMs, createAgentHub, frame } from './agent-hub.ts';
import type { BusMessage, EventBus } from './event-bus.ts';

function stubBus() {
  let handler: (m: BusMessage) => void = () => undefined;
  const bus = { subscribe: (h: (m: BusMessage) => void) => { handler = h; return () => undefined; } } as unknown as EventBus;
  return { bus, emit: (m: BusMessage) => handler(m) };
}
const queue = (waiting: number): AgentEvent => ({ type: 'queue.updated', waiting });

describe('the agent hub', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it('writes a message for a user at once, gathers broadcasts, and keeps each channel in order', () => {
    const { bus, emit } = stubBus();
    const hub = createAgentHub(bus);
    const ana: string[] = [];
    const sam: string[] = [];
    hub.add({ userId: 'ana', role: 'agent', write: (f) => ana.push(f) });
    hub.add({ userId: 'sam', role: 'supervisor', write: (f) => sam.push(f) });

    emit({ id: 1, to: { kind: 'all' }, event: queue(1) });
    emit({ id: 2, to: { kind: 'all' }, event: queue(2) });
    expect(ana).toEqual([]); // gathered
    const claimed: AgentEvent = { type: 'call.claimed', callId: 'c1', agentId: 'ben', agentName: 'Ben' };
    emit({ id: 3, to: { kind: 'users', userIds: ['ana'] }, event: claimed });
    // Ana's broadcasts go first, then her own message, in one write.
    expect(ana).toEqual([frame(1, queue(1)) + frame(2, queue(2)) + frame(3, claimed)]);
    expect(sam).toEqual([]);
    vi.advanceTimersByTime(broadcastEveryMs);
    expect(sam).toEqual([frame(1, queue(1)) + frame(2, queue(2))]);

    emit({ id: 4, to: { kind: 'roles', roles: ['supervisor'] }, event: queue(4) });
    vi.advanceTimersByTime(broadcastEveryMs - 1);
    expect(sam).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sam[1]).toBe(frame(4, queue(4)));
    expect(ana).toHaveLength(1); // not hers
    hub.close();
  });

  it('drops what waits for a channel that closed', () => {
    const { bus, emit } = stubBus();
    const hub = createAgentHub(bus);
    const writes: string[] = [];
    const remove = hub.add({ userId: 'ana', role: 'agent', write: (f) => writes.push(f) });
    emit({ id: 1, to: { kind: 'all' }, event: queue(1) });
    remove();
    vi.advanceTimersByTime(broadcastEveryMs * 3);
    expect(writes).toEqual([]);
    hub.close();
  });
});
