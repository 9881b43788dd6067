/**
 * The classroom's push channel: the timeline grows as lines arrive, trainees and customers re-read
 * when they change, and a call that rings the trainer opens the softphone. Timeline lines are
 * log lines (a webhook's comes twice: on arrival, then re-captioned once applied), so they are
 * appended or replaced as they come instead of re-reading the whole log.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { TimelineEntry } from '../../../shared/timeline.ts';
import { connectAgentEvents, type AgentEventHandlers, type LinkStatus } from '../../lib/agent-events.ts';
import { sessionKeys } from '../../lib/session.ts';
import { trainingKeys } from './api.ts';

/** Lines kept in the browser: the server keeps more. */
const maxLines = 2000;

export function startClassroomEvents(client: QueryClient, opts: { onStatus: (s: LinkStatus) => void; onRung: () => void; meId: string }): () => void {
  const refresh = (key: readonly string[]) => void client.invalidateQueries({ queryKey: key });
  const handlers = {
    hello: () => undefined,
    'call.incoming': () => opts.onRung(),
    'call.answer': () => undefined,
    'call.updated': () => undefined,
    'call.claimed': () => undefined,
    'call.ended': () => undefined,
    'contact.updated': () => undefined,
    'contacts.reset': () => {
      refresh(trainingKeys.customers);
      refresh(trainingKeys.clock);
    },
    'business-number.updated': () => undefined,
    'agent.updated': (e) => {
      refresh(trainingKeys.trainees);
      if (e.agent.id === opts.meId) refresh(sessionKeys.me);
    },
    'queue.updated': () => undefined,
    'monitor.started': () => undefined,
    'monitor.signal': () => undefined,
    'monitor.ended': () => undefined,
    'call.quality': () => undefined,
    'training.timeline': (e) => {
      client.setQueryData<TimelineEntry[]>(trainingKeys.timeline, (lines) => {
        if (!lines) return lines; // not loaded yet: the first read brings it
        // A webhook's line comes again, re-captioned, once Ringside applied it.
        if (lines.some((l) => l.id === e.entry.id)) return lines.map((l) => (l.id === e.entry.id ? e.entry : l));
        return [...lines, e.entry].sort((a, b) => a.id - b.id).slice(-maxLines);
      });
    },
  } satisfies AgentEventHandlers;
  return connectAgentEvents(handlers, {
    onStatus: opts.onStatus,
    onOpen: (reconnected) => {
      if (reconnected) void client.invalidateQueries({ queryKey: ['training'] });
    },
  });
}
