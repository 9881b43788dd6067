/** Server state every page needs: the public config and who is signed in. */
import { queryOptions } from '@tanstack/react-query';
import { AppError } from '../../shared/errors.ts';
import { agentApi } from './api-client.ts';

export const sessionKeys = {
  config: ['config'] as const,
  me: ['me'] as const,
};

export const configQueryOptions = () =>
  queryOptions({ queryKey: sessionKeys.config, queryFn: agentApi.getConfig, staleTime: Infinity, meta: { errorTitle: 'Could not load settings' } });

/** `null` when not signed in (401), so routes can redirect without treating it as an error. */
export const meQueryOptions = () =>
  queryOptions({
    queryKey: sessionKeys.me,
    queryFn: async () => {
      try {
        return await agentApi.getMe();
      } catch (err) {
        if (err instanceof AppError && err.code === 'unauthenticated') return null;
        throw err;
      }
    },
    staleTime: Infinity,
    retry: 1,
    meta: { errorTitle: 'Could not check your session' },
  });
