/**
 * What the agent is doing, as the server derives it (never the chosen presence alone): Available,
 * Away with its reason, Ringing, On a call, After-call work with its countdown, "Ready now" and
 * "Extend", or Offline. Also how many customers wait for an agent.
 */
import { useQuery } from '@tanstack/react-query';
import { Clock, Users } from 'lucide-react';
import type { Me } from '../../../shared/agent-api.ts';
import { agentStateLabel, awayReasonLabel, type AgentState } from '../../../shared/agent-state.ts';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { formatDuration } from '../../lib/format.ts';
import { useNow } from '../../lib/use-now.ts';
import { queueQueryOptions, useWrapUpActions } from './desk-api.ts';

/** Seconds added by "Extend". */
export const extendSeconds = 30;

const look: Record<AgentState, { dot: string; hint: string }> = {
  available: { dot: 'bg-emerald-600', hint: 'customers’ calls ring here' },
  away: { dot: 'bg-amber-500', hint: 'calls wait in the queue' },
  ringing: { dot: 'bg-sky-600', hint: 'a customer is calling' },
  on_call: { dot: 'bg-sky-700', hint: 'other calls wait' },
  wrap_up: { dot: 'bg-violet-600', hint: 'calls wait until you are ready' },
  offline: { dot: 'bg-slate-400', hint: 'reconnecting; calls do not ring here' },
};

export function AgentStatusCard({ me }: { me: Me }) {
  const { state, awayReason, wrapUpUntil } = me.status;
  const now = useNow(state === 'wrap_up');
  const left = wrapUpUntil ? Math.max(0, (new Date(wrapUpUntil).getTime() - now) / 1000) : 0;
  const { ready, extend } = useWrapUpActions();
  const takesCalls = me.role !== 'supervisor';
  const label = state === 'away' && awayReason ? `Away: ${awayReasonLabel[awayReason]}` : agentStateLabel[state];
  return (
    <section aria-labelledby="agent-status-title" data-testid="agent-status" data-state={state} className="flex flex-col gap-2 rounded-lg border border-slate-300 bg-white px-3 py-2">
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <h2 id="agent-status-title" className="sr-only">
          Your status
        </h2>
        <span aria-hidden="true" className={`size-2.5 shrink-0 rounded-full ${look[state].dot}`} />
        <p className="font-semibold" data-testid="agent-state" role="status">
          {takesCalls ? label : 'Supervising'}
          {state === 'wrap_up' && ' '}
          {state === 'wrap_up' && (
            <span className="tabular ml-1.5 font-normal text-slate-700" data-testid="wrap-up-left">
              <Clock aria-hidden="true" className="mr-0.5 inline size-3.5 align-[-2px]" />
              {formatDuration(left)} left
            </span>
          )}
        </p>
        {takesCalls && <p className="text-xs text-slate-600">· {look[state].hint}</p>}
        <QueueCount />
      </div>
      {state === 'wrap_up' && (
        <div className="flex gap-2">
          <Button size="sm" variant="primary" data-testid="ready-now" disabled={ready.isPending} onClick={() => ready.mutate()}>
            Ready now
          </Button>
          <Button size="sm" data-testid="extend-wrap-up" disabled={extend.isPending} onClick={() => extend.mutate(extendSeconds)}>
            Extend {extendSeconds} s
          </Button>
        </div>
      )}
    </section>
  );
}

/** "1 waiting": customers nobody available could be rung for. */
function QueueCount() {
  const queue = useQuery(queueQueryOptions());
  const waiting = queue.data?.waiting ?? 0;
  return (
    <Badge tone={waiting > 0 ? 'warning' : 'neutral'} className="ml-auto" data-testid="queue-count" data-waiting={waiting}>
      <Users aria-hidden="true" className="size-3" />
      {waiting} waiting
    </Badge>
  );
}
