/** Server state every page needs: the public config and who is signed in. */
import { queryOptions } from '@tanstack/react-query';
import { agentApi } from './api-client.ts';

export const sessionKeys = {
  config: ['config'] as const,
  me: ['me'] as const,
};

export const configQueryOptions = () =>
  queryOptions({ queryKey: sessionKeys.config, queryFn: agentApi.getConfig, staleTime: Infinity, meta: { errorTitle: 'Could not load settings' } });

/** `null` when not signed in, so routes can redirect; `GET /api/session` says so with a 200, not a 401. */
export const meQueryOptions = () =>
  queryOptions({
    queryKey: sessionKeys.me,
    queryFn: async () => (await agentApi.getSession()).me,
    staleTime: Infinity,
    retry: 1,
    meta: { errorTitle: 'Could not check your session' },
  });
