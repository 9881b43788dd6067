/**
 * The classroom's server state: `/api/training/*` requests with their shape checks, query keys
 * and mutations. Every action goes to our server, which drives the simulator.
 */
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { AgentSummary } from '../../../shared/agent-api.ts';
import type { UserPermissionAction } from '../../../shared/sim-api.ts';
import type { TimelineEntry } from '../../../shared/timeline.ts';
import type { Behaviour, ScenarioSummary, TrainingClock, TrainingCustomer } from '../../../shared/training-api.ts';
import { request } from '../../lib/api-client.ts';
import { notify } from '../../lib/notifications.ts';
import { rowsOf, shaped, type Shape } from '../../lib/shape.ts';
import { readableRows } from '../../lib/skipped-rows.ts';

const id = encodeURIComponent;
const customerShape: Shape<TrainingCustomer> = { waId: 'string', name: 'string', displayNumber: 'string', behaviour: { kind: 'string' }, phoneOpen: 'boolean' };
const clockShape: Shape<TrainingClock> = { now: 'string', offsetMs: 'number' };
const scenarioShape: Shape<ScenarioSummary> = { id: 'string', title: 'string', caption: 'string', outcome: 'string' };
const entryShape: Shape<TimelineEntry> = { id: 'number', at: 'string', direction: 'string', kind: 'string', caption: 'string', callId: 'string?', waId: 'string?', businessNumberId: 'string?' };
const traineeShape: Shape<AgentSummary> = { id: 'string', displayName: 'string', role: 'string', status: { state: 'string', since: 'string' } };

export const trainingApi = {
  getClock: () => request('GET', '/api/training/clock', shaped(clockShape)),
  advanceClock: (advanceMs: number) => request('POST', '/api/training/clock', shaped(clockShape), { advanceMs }),
  getScenarios: () => request('GET', '/api/training/scenarios', rowsOf(scenarioShape)),
  runScenario: (scenarioId: string) => request('POST', `/api/training/scenarios/${id(scenarioId)}`, shaped(scenarioShape)),
  getCustomers: () => request('GET', '/api/training/users', rowsOf(customerShape)),
  addCustomer: (number: string) => request('POST', '/api/training/users', shaped(customerShape), { number }),
  setBehaviour: (waId: string, behaviour: Behaviour) => request('PUT', `/api/training/users/${id(waId)}`, shaped(customerShape), { behaviour }),
  call: (waId: string, body: { businessNumberId: string; ctaPayload?: string }) => request('POST', `/api/training/users/${id(waId)}/calls`, shaped<{ callId: string }>({ callId: 'string' }), body),
  permission: (waId: string, businessNumberId: string, action: UserPermissionAction) =>
    request('POST', `/api/training/users/${id(waId)}/permissions`, shaped<{ ok: true }>({ ok: 'boolean' }), { businessNumberId, action }),
  getTimeline: () => request('GET', '/api/training/timeline', shaped<{ entries: TimelineEntry[] }>({ entries: [entryShape] })),
  getTrainees: () => request('GET', '/api/training/trainees', rowsOf(traineeShape)),
};

export const trainingKeys = {
  clock: ['training', 'clock'] as const,
  scenarios: ['training', 'scenarios'] as const,
  customers: ['training', 'customers'] as const,
  timeline: ['training', 'timeline'] as const,
  trainees: ['training', 'trainees'] as const,
};

export const clockQueryOptions = () => queryOptions({ queryKey: trainingKeys.clock, queryFn: trainingApi.getClock, meta: { errorTitle: "Could not read the simulator's clock" } });
export const scenariosQueryOptions = () =>
  queryOptions({ queryKey: trainingKeys.scenarios, queryFn: async () => readableRows('scenarios', await trainingApi.getScenarios()), staleTime: Infinity });
export const customersQueryOptions = () =>
  queryOptions({ queryKey: trainingKeys.customers, queryFn: async () => readableRows('customers', await trainingApi.getCustomers()), meta: { errorTitle: 'Could not load the customers' } });
export const timelineQueryOptions = () =>
  queryOptions({ queryKey: trainingKeys.timeline, queryFn: async () => (await trainingApi.getTimeline()).entries, staleTime: Infinity });
export const traineesQueryOptions = () =>
  queryOptions({ queryKey: trainingKeys.trainees, queryFn: async () => readableRows('trainees', await trainingApi.getTrainees()) });

/** A classroom action: on success the named queries re-read, and a short notice says what happened. */
export function useClassroomAction<A extends unknown[]>(run: (...args: A) => Promise<unknown>, opts: { refresh: ReadonlyArray<readonly string[]>; done?: (...args: A) => string; errorTitle: string }) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (args: A) => run(...args),
    onSuccess: (_r, args) => {
      for (const key of opts.refresh) void client.invalidateQueries({ queryKey: key });
      if (opts.done) notify({ tone: 'success', title: opts.done(...args) });
    },
    meta: { errorTitle: opts.errorTitle },
  });
}
