/**
 * Wires the push channel to the call engine and the query cache. Events INVALIDATE server state,
 * they never write into it; after a reconnect everything is re-fetched and the live call reconciled.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { AgentEvent, Me } from '../../../shared/agent-api.ts';
import type { CallController } from '../../call/call-controller.ts';
import { connectAgentEvents, type AgentEventHandlers, type LinkStatus } from '../../lib/agent-events.ts';
import { sessionKeys } from '../../lib/session.ts';
import { callsQueryOptions, softphoneKeys } from './api.ts';
import { deskKeys } from './desk-api.ts';

/** The agent's side of monitoring legs (client/monitor/agent-monitor.ts), when the page has one. */
export interface MonitorEvents { handle(event: Extract<AgentEvent, { type: `monitor.${string}` }>): void }

export function startLiveEvents(controller: CallController, client: QueryClient, onStatus: (status: LinkStatus) => void, monitor?: MonitorEvents): () => void {
  const refreshCalls = () => void client.invalidateQueries({ queryKey: softphoneKeys.calls });
  const handlers = {
    hello: (e) => controller.handle(e),
    // No history read on a ring: it would queue ahead of the pre-accept; call.updated/ended refresh it.
    'call.incoming': (e) => controller.handle(e),
    'call.answer': (e) => controller.handle(e),
    'call.updated': (e) => {
      controller.handle(e);
      refreshCalls();
    },
    'call.claimed': (e) => {
      controller.handle(e);
      refreshCalls();
    },
    'call.ended': (e) => {
      controller.handle(e);
      refreshCalls();
      void client.invalidateQueries({ queryKey: softphoneKeys.contacts(e.call.businessNumberId) });
      void client.invalidateQueries({ queryKey: deskKeys.timeline(e.call.waId, e.call.businessNumberId) });
    },
    'contact.updated': (e) => {
      void client.invalidateQueries({ queryKey: softphoneKeys.contacts(e.businessNumberId) });
      void client.invalidateQueries({ queryKey: deskKeys.timeline(e.waId, e.businessNumberId) });
    },
    'contacts.reset': () => {
      void client.invalidateQueries({ queryKey: softphoneKeys.contactsAll });
      void client.invalidateQueries({ queryKey: deskKeys.timelineAll });
    },
    // A restriction or a settings change alters every contact's answer on that line too.
    'business-number.updated': (e) => {
      void client.invalidateQueries({ queryKey: softphoneKeys.businessNumbers });
      void client.invalidateQueries({ queryKey: softphoneKeys.contacts(e.businessNumberId) });
    },
    // The agent's own state (after-call work, ringing, away): the session query holds it.
    'agent.updated': (e) => {
      if (client.getQueryData<Me | null>(sessionKeys.me)?.id === e.agent.id) void client.invalidateQueries({ queryKey: sessionKeys.me });
    },
    'queue.updated': () => void client.invalidateQueries({ queryKey: deskKeys.queue }),
    'call.quality': () => undefined,
    'training.timeline': () => undefined,
    'monitor.started': (e) => monitor?.handle(e),
    'monitor.signal': (e) => monitor?.handle(e),
    'monitor.ended': (e) => monitor?.handle(e),
  } satisfies AgentEventHandlers;

  return connectAgentEvents(handlers, {
    onStatus,
    onOpen(reconnected) {
      if (!reconnected) return;
      void client.invalidateQueries();
      client
        .fetchQuery({ ...callsQueryOptions(), staleTime: 0 })
        .then((calls) => controller.reconcile(calls))
        .catch(() => undefined);
    },
    onRefused: () => void client.invalidateQueries({ queryKey: sessionKeys.me }),
  });
}
