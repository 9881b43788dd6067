/**
 * The server's hand on the simulator's control API, for the trainer's classroom. The token stays
 * here: the browser only ever reaches `/api/training/*`. After a change to the world's time or
 * seed, the server re-reads the clock and re-aligns its demo history before agents re-read.
 */
import { AppError, appErrorCodes, type AppErrorCode } from '../../shared/errors.ts';
import type { ServerContext } from '../context.ts';
import { alignWithSimulator } from '../simulator-sync.ts';

export interface SimulatorControl {
  /** A control-API request (`path` relative to `/_sim`); the simulator's refusals become AppErrors. */
  request<T = unknown>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T>;
  /** After a fast-forward or reset: the clock re-read, the demo history re-aligned, every agent told to re-read. */
  worldChanged(): Promise<void>;
}

export interface SimulatorControlOptions {
  url: string;
  token: string | null;
  /** Re-reads the simulator's clock into the server's `now` (clock/world-clock.ts). */
  syncClock: () => Promise<void>;
  fetch?: typeof fetch;
}

const isCode = (c: unknown): c is AppErrorCode => typeof c === 'string' && (appErrorCodes as readonly string[]).includes(c);

export function createSimulatorControl(ctx: ServerContext, opts: SimulatorControlOptions): SimulatorControl {
  const doFetch = opts.fetch ?? fetch;
  return {
    async request<T>(method: string, path: string, body?: unknown): Promise<T> {
      let res: Response;
      try {
        res = await doFetch(`${opts.url}/_sim${path}`, {
          method,
          headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(10_000),
        });
      } catch (err) {
        throw new AppError({ code: 'unavailable', message: `The simulator did not answer: ${String(err).slice(0, 120)}` });
      }
      const json = (await res.json().catch(() => null)) as { error?: { code?: unknown; message?: unknown } } | null;
      if (!res.ok) {
        const code = isCode(json?.error?.code) && json.error.code !== 'unauthenticated' ? json.error.code : 'internal';
        throw new AppError({ code, message: typeof json?.error?.message === 'string' ? json.error.message : `The simulator answered ${res.status}.` });
      }
      return json as T;
    },
    async worldChanged() {
      await opts.syncClock();
      const aligned = await alignWithSimulator(ctx, opts.url, opts.token);
      // Aligning already told everyone; a clock jump alone changes every expiry, quota and window too.
      if (aligned !== 'aligned') await ctx.bus.publish({ kind: 'all' }, { type: 'contacts.reset' });
    },
  };
}
