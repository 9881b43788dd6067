/**
 * Server state lives in TanStack Query. Failed queries and mutations are reported from here, once;
 * a 401 anywhere means the session is gone, which signs the agent out.
 */
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { AppError } from '../../shared/errors.ts';
import { notifyError } from '../lib/notifications.ts';
import { sessionKeys } from '../lib/session.ts';

const title = (meta: Record<string, unknown> | undefined, fallback: string | null) =>
  typeof meta?.errorTitle === 'string' ? meta.errorTitle : fallback;

export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError(err, query) {
        if (err instanceof AppError && err.code === 'unauthenticated') {
          client.setQueryData(sessionKeys.me, null);
          return;
        }
        notifyError(title(query.meta, 'Could not load data') ?? '', err);
      },
    }),
    mutationCache: new MutationCache({
      onError(err, _vars, _ctx, mutation) {
        if (err instanceof AppError && err.code === 'unauthenticated') client.setQueryData(sessionKeys.me, null);
        const t = title(mutation.meta, null);
        if (t) notifyError(t, err);
      },
    }),
    defaultOptions: {
      queries: { retry: 1, staleTime: 15_000, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
  return client;
}
