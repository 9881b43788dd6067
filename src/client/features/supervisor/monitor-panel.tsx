/** The supervisor's monitoring leg: who is on it, what is heard, and Listen / Whisper / Barge / Stop. */
import { Ear, MessageSquare, PhoneOff, Users } from 'lucide-react';
import { useStore } from 'zustand';
import { monitorModeVerb, type MonitorMode } from '../../../shared/monitor-modes.ts';
import { Button } from '../../components/ui/button.tsx';
import { LevelMeter } from '../../components/ui/level-meter.tsx';
import type { SupervisorMonitor } from '../../monitor/supervisor-monitor.ts';

const modes: Array<{ mode: MonitorMode; label: string; icon: typeof Ear; hint: string }> = [
  { mode: 'listen', label: 'Listen', icon: Ear, hint: 'Hear the call; nobody hears you' },
  { mode: 'whisper', label: 'Whisper', icon: MessageSquare, hint: 'The agent hears you; the customer does not' },
  { mode: 'barge', label: 'Barge', icon: Users, hint: 'The agent and the customer hear you' },
];

export function MonitorPanel({ monitor }: { monitor: SupervisorMonitor }) {
  const leg = useStore(monitor.store, (s) => s.leg);
  if (!leg) return null;
  return (
    <section aria-label="Monitoring" className="flex flex-wrap items-center gap-3 rounded-lg border border-emerald-300 bg-emerald-50 px-3 py-2" data-testid="monitor-panel" data-status={leg.status} data-mode={leg.mode}>
      <p className="text-sm">
        <span className="font-semibold">You are {monitorModeVerb[leg.mode]}</span> · {leg.contactName} with {leg.agentName}
        {leg.status === 'connecting' && <span className="text-slate-600"> · connecting…</span>}
      </p>
      <LevelMeter label="Call audio you hear" level={leg.level} className="w-40" />
      <div className="flex gap-1" role="group" aria-label="Monitoring mode">
        {modes.map(({ mode, label, icon: Icon, hint }) => (
          <Button key={mode} size="sm" aria-pressed={leg.mode === mode} title={hint} icon={<Icon aria-hidden="true" className="size-3.5" />}
            onClick={() => leg.mode !== mode && void monitor.start(leg, mode)}>
            {label}
          </Button>
        ))}
        <Button size="sm" variant="danger" icon={<PhoneOff aria-hidden="true" className="size-3.5" />} onClick={() => void monitor.stop()}>
          Stop
        </Button>
      </div>
      {leg.problem && (
        <p role="alert" className="basis-full text-sm text-rose-800">
          {leg.problem}
          {leg.status === 'blocked' && <Button size="sm" variant="primary" className="ml-2" onClick={() => monitor.playAudio()}>Play audio</Button>}
        </p>
      )}
    </section>
  );
}
