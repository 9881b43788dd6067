/**
 * The supervisor's home (route `/` for supervisors, `/floor` read-only for trainers): live calls,
 * agents, today's figures and the consent and quota risk board, kept live by the push channel.
 * No Call, Answer or Available/Away here: supervisors do not take calls. Supervisors can listen,
 * whisper and barge from a live call's row.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { LogOut, Phone } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { CallSummary, Me } from '../../../shared/agent-api.ts';
import { Button } from '../../components/ui/button.tsx';
import { browserMedia } from '../../call/media.ts';
import type { LinkStatus } from '../../lib/agent-events.ts';
import { notifyError } from '../../lib/notifications.ts';
import { useNow } from '../../lib/use-now.ts';
import { monitorApi } from '../../monitor/monitor-api.ts';
import { createSupervisorMonitor, type SupervisorMonitor, type SupervisorMonitorState } from '../../monitor/supervisor-monitor.ts';
import { useSignOut } from '../softphone/api.ts';
import { AgentsPanel } from './agents-panel.tsx';
import { startFloorEvents } from './floor-events.ts';
import { floorQueryOptions } from './floor-shapes.ts';
import { createFloorStore } from './floor-store.ts';
import { LiveCalls } from './live-calls.tsx';
import { MonitorPanel } from './monitor-panel.tsx';
import { RiskBoard } from './risk-board.tsx';
import { TodayPanel } from './today-panel.tsx';

export function SupervisorPage({ me }: { me: Me }) {
  const client = useQueryClient();
  const [store] = useState(createFloorStore);
  const [monitor] = useState<SupervisorMonitor | null>(() => (me.role === 'supervisor' ? createSupervisorMonitor({ api: monitorApi, getMic: browserMedia.getMic, report: notifyError }) : null));
  const [link, setLink] = useState<LinkStatus>('connecting');
  const floor = useQuery(floorQueryOptions());
  const signOut = useSignOut(async () => monitor?.stop());
  const monitoring = useStore(monitor?.store ?? nullStore, (s) => s.leg?.callId ?? null);
  const now = useNow(true, 30_000);

  useEffect(() => {
    if (floor.data) store.load(floor.data);
  }, [floor.data, store]);
  useEffect(() => startFloorEvents(store, monitor, client, setLink), [store, monitor, client]);
  useEffect(() => () => monitor?.dispose(), [monitor]);

  const lines = (floor.data?.today.numbers ?? []).map((n) => ({ id: n.businessNumberId, label: n.label }));
  const listen = monitor ? (call: CallSummary) => void monitor.start({ callId: call.id, contactName: call.contactName, agentName: call.agentName ?? 'the agent' }, 'listen') : undefined;

  return (
    <div className="flex min-h-screen flex-col bg-slate-100 lg:h-screen">
      <header className="flex h-12 shrink-0 items-center gap-3 border-b border-slate-300 bg-white px-4">
        <h1 className="flex items-center gap-1.5 font-semibold">
          <span className="grid size-6 place-items-center rounded-md bg-emerald-700 text-white">
            <Phone aria-hidden="true" className="size-3.5" />
          </span>
          Ringside · Floor
        </h1>
        {me.role !== 'supervisor' && <span className="text-xs text-slate-600">Read-only</span>}
        <div className="ml-auto flex items-center gap-3">
          <span role="status" data-testid="link-status" data-status={link} className="text-xs text-slate-600">{link === 'open' ? 'Live' : link === 'connecting' ? 'Connecting…' : 'Reconnecting…'}</span>
          <span className="text-right leading-tight" data-testid="current-user">
            <span className="block font-medium">{me.displayName}</span>
            <span className="block text-xs text-slate-600">{me.role}</span>
          </span>
          <Button variant="ghost" size="sm" icon={<LogOut aria-hidden="true" className="size-3.5" />} onClick={() => signOut.mutate()} disabled={signOut.isPending}>
            Sign out
          </Button>
        </div>
      </header>
      <main className="grid min-h-0 flex-1 grid-cols-1 gap-3 p-3 xl:grid-cols-[minmax(0,1fr)_26rem]">
        <div className="flex min-h-0 flex-col gap-3">
          {monitor && <MonitorPanel monitor={monitor} />}
          {floor.isError && <p role="alert" className="text-sm text-rose-800">Could not load the floor: {floor.error.message}</p>}
          <div className="flex min-h-[18rem] flex-1 flex-col">
            <LiveCalls store={store} lines={lines} onListen={listen} monitoringCallId={monitoring} />
          </div>
          <TodayPanel today={floor.data?.today} />
        </div>
        <div className="flex min-h-0 flex-col gap-3">
          <AgentsPanel store={store} />
          <RiskBoard risks={floor.data?.risks} now={now} />
        </div>
      </main>
    </div>
  );
}

/** For viewers without monitoring: a store that never changes (hooks cannot be conditional). */
const nullStore = createStore<SupervisorMonitorState>()(() => ({ leg: null }));
