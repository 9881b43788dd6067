/**
 * Wires the push channel to the floor: calls and agents go into the live store (batched), the
 * monitoring leg gets its signals, and whatever changes today's figures or the risk board
 * (a call ended, a contact's ledger moved) refreshes the snapshot, at most every few seconds.
 */
import type { QueryClient } from '@tanstack/react-query';
import { connectAgentEvents, type AgentEventHandlers, type LinkStatus } from '../../lib/agent-events.ts';
import type { SupervisorMonitor } from '../../monitor/supervisor-monitor.ts';
import { batchedApply, type FloorStore } from './floor-store.ts';
import { floorKeys } from './floor-shapes.ts';

const REFRESH_MS = 3000;

export function startFloorEvents(store: FloorStore, monitor: SupervisorMonitor | null, client: QueryClient, onStatus: (s: LinkStatus) => void): () => void {
  const apply = batchedApply(store);
  let timer: ReturnType<typeof setTimeout> | null = null;
  const refresh = () => {
    timer ??= setTimeout(() => {
      timer = null;
      void client.invalidateQueries({ queryKey: floorKeys.snapshot });
    }, REFRESH_MS);
  };
  const handlers = {
    hello: () => undefined,
    'call.incoming': () => undefined,
    'call.answer': () => undefined,
    'call.claimed': () => undefined,
    'call.updated': (e) => apply({ type: 'call', call: e.call }),
    'call.ended': (e) => {
      apply({ type: 'call', call: e.call });
      monitor?.handle(e);
      refresh();
    },
    'call.quality': (e) => apply({ type: 'quality', callId: e.callId, quality: e.quality }),
    'agent.updated': (e) => apply({ type: 'agent', agent: e.agent }),
    'queue.updated': () => undefined,
    'training.timeline': () => undefined,
    'contact.updated': refresh,
    'contacts.reset': refresh,
    'business-number.updated': refresh,
    'monitor.started': () => undefined,
    'monitor.signal': (e) => monitor?.handle(e),
    'monitor.ended': (e) => monitor?.handle(e),
  } satisfies AgentEventHandlers;
  const disconnect = connectAgentEvents(handlers, {
    onStatus,
    // After a gap, the snapshot is the truth again.
    onOpen: (reconnected) => reconnected && void client.invalidateQueries({ queryKey: floorKeys.snapshot }),
  });
  return () => {
    if (timer) clearTimeout(timer);
    disconnect();
  };
}
