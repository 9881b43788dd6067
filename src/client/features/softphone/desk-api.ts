/**
 * Server state of the agent's desk beyond the call itself: her state (away reason, after-call work),
 * the queue, the history pages, one call, a contact's timeline, dispositions. One place for keys.
 */
import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { CallPageQuery, CallWrapUp, Me } from '../../../shared/agent-api.ts';
import type { AwayReason } from '../../../shared/agent-state.ts';
import { agentApi } from '../../lib/api-client.ts';
import { notify } from '../../lib/notifications.ts';
import { readableRows } from '../../lib/skipped-rows.ts';
import { sessionKeys } from '../../lib/session.ts';
import { softphoneKeys } from './api.ts';

export const deskKeys = {
  queue: ['queue'] as const,
  dispositions: ['dispositions'] as const,
  /** Under `softphoneKeys.calls`, so whatever refreshes the calls refreshes these too. */
  history: (query: Omit<CallPageQuery, 'after'>) => [...softphoneKeys.calls, 'pages', query] as const,
  call: (callId: string) => [...softphoneKeys.calls, 'one', callId] as const,
  timelineAll: ['timeline'] as const,
  timeline: (waId: string, businessNumberId: string) => ['timeline', businessNumberId, waId] as const,
};

export const queueQueryOptions = () => queryOptions({ queryKey: deskKeys.queue, queryFn: agentApi.getQueue, meta: { errorTitle: 'Could not read the queue' } });

export const dispositionsQueryOptions = () =>
  queryOptions({ queryKey: deskKeys.dispositions, queryFn: async () => (await agentApi.getDispositions()).dispositions, staleTime: Infinity, meta: { errorTitle: 'Could not load dispositions' } });

export const historyQueryOptions = (query: Omit<CallPageQuery, 'after'>) =>
  infiniteQueryOptions({
    queryKey: deskKeys.history(query),
    queryFn: async ({ pageParam }) => {
      const page = await agentApi.getCallPage({ ...query, ...(pageParam ? { after: pageParam } : {}) });
      return { calls: readableRows('calls', page), next: page.next };
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
    meta: { errorTitle: 'Could not load the call history' },
  });

export const callQueryOptions = (callId: string) => queryOptions({ queryKey: deskKeys.call(callId), queryFn: () => agentApi.getCall(callId), meta: { errorTitle: 'Could not load the call' } });

export const timelineQueryOptions = (waId: string, businessNumberId: string) =>
  queryOptions({
    queryKey: deskKeys.timeline(waId, businessNumberId),
    queryFn: async () => readableRows('timeline entries', await agentApi.getTimeline(waId, businessNumberId)),
    meta: { errorTitle: "Could not load the contact's history" },
  });

/** Available, or away with a reason. */
export function useSetPresence() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ presence, awayReason }: { presence: Me['presence']; awayReason?: AwayReason }) => agentApi.setPresence(presence, awayReason),
    onSuccess: (me) => client.setQueryData(sessionKeys.me, me),
    meta: { errorTitle: 'Could not change your availability' },
  });
}

/** "Ready now" and "Extend" during after-call work. */
export function useWrapUpActions() {
  const client = useQueryClient();
  const onSuccess = (me: Me) => client.setQueryData(sessionKeys.me, me);
  const ready = useMutation({ mutationFn: agentApi.ready, onSuccess, meta: { errorTitle: 'Could not end after-call work' } });
  const extend = useMutation({ mutationFn: (seconds: number) => agentApi.extendWrapUp(seconds), onSuccess, meta: { errorTitle: 'Could not extend after-call work' } });
  return { ready, extend };
}

/** Saves the disposition and notes of a call; the history and the contact's timeline show them. */
export function useSaveWrapUp() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ callId, body }: { callId: string; body: CallWrapUp }) => agentApi.saveWrapUp(callId, body),
    onSuccess: (call) => {
      notify({ tone: 'success', title: 'Call notes saved', message: call.disposition ? `${call.contactName}: ${call.disposition}.` : `Notes saved for ${call.contactName}.` });
      void client.invalidateQueries({ queryKey: softphoneKeys.calls });
      void client.invalidateQueries({ queryKey: deskKeys.timelineAll });
    },
    meta: { errorTitle: 'Could not save the call notes' },
  });
}

/** One contact as seen from a line (the caller context): under the line's contacts key, so its invalidations reach it. */
export const contactQueryOptions = (waId: string, businessNumberId: string) =>
  queryOptions({
    queryKey: [...softphoneKeys.contacts(businessNumberId), 'one', waId] as const,
    queryFn: () => agentApi.getContact(waId, businessNumberId),
    meta: { errorTitle: 'Could not load the caller' },
  });
