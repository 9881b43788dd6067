/** "Agents": each agent's state and time in state, calls today and handle time, live. */
import { useMemo } from 'react';
import { useStore } from 'zustand';
import { agentStateLabel, awayReasonLabel, type AgentState } from '../../../shared/agent-state.ts';
import { Badge, type BadgeTone } from '../../components/ui/badge.tsx';
import { formatDuration } from '../../lib/format.ts';
import { useNow } from '../../lib/use-now.ts';
import type { FloorStore } from './floor-store.ts';

const tone: Record<AgentState, BadgeTone> = { available: 'success', away: 'neutral', ringing: 'warning', on_call: 'info', wrap_up: 'warning', offline: 'neutral' };

export function AgentsPanel({ store }: { store: FloorStore }) {
  const agents = useStore(store, (s) => s.agents);
  const list = useMemo(() => [...agents.values()].sort((a, b) => a.displayName.localeCompare(b.displayName)), [agents]);
  const now = useNow(true);
  return (
    <section aria-label="Agents" className="rounded-lg border border-slate-300 bg-white">
      <h2 className="border-b border-slate-200 px-3 py-2 text-sm font-semibold">Agents</h2>
      <table className="w-full text-sm">
        <thead className="bg-slate-50 text-left text-xs text-slate-700">
          <tr>
            <th className="px-3 py-1 font-medium">Agent</th>
            <th className="px-2 py-1 font-medium">State</th>
            <th className="px-2 py-1 font-medium">For</th>
            <th className="px-2 py-1 text-right font-medium">Calls today</th>
            <th className="px-3 py-1 text-right font-medium">Handle time</th>
          </tr>
        </thead>
        <tbody>
          {list.map((a) => {
            const s = a.status;
            // After-call work carries its end; the other states their start.
            const elapsed = s.state === 'wrap_up' && s.wrapUpUntil ? `${formatDuration((Date.parse(s.wrapUpUntil) - now) / 1000)} left` : formatDuration((now - Date.parse(s.since)) / 1000);
            return (
              <tr key={a.id} className="border-t border-slate-100" data-testid="floor-agent" data-agent-id={a.id} data-state={s.state}>
                <td className="px-3 py-1">{a.displayName}{a.role === 'trainer' && <span className="text-xs text-slate-600"> (trainer)</span>}</td>
                <td className="px-2 py-1">
                  <Badge tone={tone[s.state]}>{agentStateLabel[s.state]}{s.awayReason ? `: ${awayReasonLabel[s.awayReason]}` : ''}</Badge>
                </td>
                <td className="px-2 py-1 font-mono text-xs tabular-nums">{s.state === 'offline' ? '—' : elapsed}</td>
                <td className="px-2 py-1 text-right tabular-nums">{a.callsToday}</td>
                <td className="px-3 py-1 text-right font-mono text-xs tabular-nums">{formatDuration(a.handleSecondsToday)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
