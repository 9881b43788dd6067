/** Tells the agent, always, who is listening, whispering or barging in on the call, and plays nothing itself. */
import { Ear } from 'lucide-react';
import { useStore } from 'zustand';
import { monitorModeVerb } from '../../../shared/monitor-modes.ts';
import { LevelMeter } from '../../components/ui/level-meter.tsx';
import type { AgentMonitor } from '../../monitor/agent-monitor.ts';

export function MonitorBanner({ monitor }: { monitor: AgentMonitor }) {
  const legs = useStore(monitor.store, (s) => s.legs);
  if (legs.length === 0) return null;
  return (
    <div role="status" className="flex flex-col gap-1 border-b border-sky-300 bg-sky-50 px-4 py-1.5 text-sm text-sky-950" data-testid="monitor-banner">
      {legs.map((l) => (
        <div key={l.sessionId} className="flex items-center gap-3" data-mode={l.mode}>
          <Ear aria-hidden="true" className="size-4" />
          <span className="font-medium">{l.supervisorName} is {monitorModeVerb[l.mode]}</span>
          {l.mode === 'whisper' && <span className="text-xs">Only you hear them.</span>}
          {l.mode === 'barge' && <span className="text-xs">The customer hears them too.</span>}
          {l.mode !== 'listen' && <LevelMeter label="Supervisor's voice" level={l.level} className="w-32" />}
        </div>
      ))}
    </div>
  );
}
