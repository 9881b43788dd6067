import { useQuery } from '@tanstack/react-query';
import { agentStateLabel } from '../../../shared/agent-state.ts';
import { Badge, type BadgeTone } from '../../components/ui/badge.tsx';
import { traineesQueryOptions } from './api.ts';

const tone: Record<string, BadgeTone> = { available: 'success', ringing: 'warning', on_call: 'info', wrap_up: 'neutral', away: 'warning', offline: 'neutral' };

/** Who is signed in and what each is doing (the floor's data, pushed as `agent.updated`). */
export function TraineesPanel() {
  const trainees = useQuery(traineesQueryOptions());
  return (
    <section aria-labelledby="trainees-title" className="rounded-lg border border-slate-300 bg-white p-3">
      <h2 id="trainees-title" className="text-sm font-semibold text-slate-700">Trainees</h2>
      <ul className="mt-2 space-y-1">
        {trainees.data?.map((t) => (
          <li key={t.id} className="flex items-center gap-2 text-sm" data-testid="trainee">
            <span className="flex-1">{t.displayName}{t.role === 'trainer' ? ' (trainer)' : ''}</span>
            <Badge tone={tone[t.status.state] ?? 'neutral'}>
              {agentStateLabel[t.status.state]}{t.status.awayReason ? ` · ${t.status.awayReason}` : ''}
            </Badge>
          </li>
        ))}
      </ul>
    </section>
  );
}
