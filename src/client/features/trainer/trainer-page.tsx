/**
 * The trainer's home (role `trainer`): the classroom — customers, WhatsApp's clock, scenarios,
 * the live timeline and the trainees — beside the trainer's own softphone. Calls ring the trainer
 * only while they are Available; then the softphone stays mounted (hidden behind the classroom)
 * and comes to the front when a call rings.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { GraduationCap, LogOut } from 'lucide-react';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import type { Me } from '../../../shared/agent-api.ts';
import { Button } from '../../components/ui/button.tsx';
import type { LinkStatus } from '../../lib/agent-events.ts';
import { configQueryOptions } from '../../lib/session.ts';
import { businessNumbersQueryOptions, useSignOut } from '../softphone/api.ts';
import { useSetPresence } from '../softphone/desk-api.ts';
import { customersQueryOptions } from './api.ts';
import { ClockPanel } from './clock-panel.tsx';
import { CustomersPanel } from './customers-panel.tsx';
import { startClassroomEvents } from './live-classroom.ts';
import { ScenariosPanel } from './scenarios-panel.tsx';
import { TimelinePanel } from './timeline-panel.tsx';
import { TraineesPanel } from './trainees-panel.tsx';

const Softphone = lazy(() => import('../softphone/softphone-page.tsx').then((m) => ({ default: m.SoftphonePage })));

type Tab = 'classroom' | 'softphone';

export function TrainerPage({ me }: { me: Me }) {
  const client = useQueryClient();
  const config = useQuery(configQueryOptions());
  const simulator = config.data?.mode !== 'meta';
  const [tab, setTab] = useState<Tab>('classroom');
  const [link, setLink] = useState<LinkStatus>('connecting');
  useEffect(() => startClassroomEvents(client, { onStatus: setLink, onRung: () => setTab('softphone'), meId: me.id }), [client, me.id]);
  const available = me.presence === 'available';
  // The softphone is where calls ring: mounted while the trainer takes calls or looks at it.
  const softphoneMounted = available || tab === 'softphone';
  return (
    <div className="flex h-dvh flex-col bg-slate-100 text-slate-900">
      <ClassroomHeader me={me} tab={tab} onTab={setTab} link={link} />
      {softphoneMounted && (
        <div hidden={tab !== 'softphone'} className="min-h-0 flex-1">
          <Suspense fallback={<p className="p-4">Loading the softphone…</p>}>
            <Softphone me={me} />
          </Suspense>
        </div>
      )}
      {tab === 'classroom' && (simulator ? <Classroom /> : <MetaModeClassroom />)}
    </div>
  );
}

function ClassroomHeader({ me, tab, onTab, link }: { me: Me; tab: Tab; onTab: (t: Tab) => void; link: LinkStatus }) {
  const setPresence = useSetPresence();
  const signOut = useSignOut(async () => undefined);
  const available = me.presence === 'available';
  return (
    <header className="flex h-12 shrink-0 items-center gap-3 border-b border-slate-300 bg-white px-4">
      <h1 className="flex items-center gap-1.5 font-semibold">
        <span className="grid size-6 place-items-center rounded-md bg-emerald-700 text-white"><GraduationCap aria-hidden="true" className="size-3.5" /></span>
        Ringside classroom
      </h1>
      <nav aria-label="Trainer views" className="ml-3 flex rounded-md border border-slate-300">
        {(['classroom', 'softphone'] as const).map((t) => (
          <button key={t} type="button" aria-pressed={tab === t} onClick={() => onTab(t)}
            className="h-7 px-3 text-xs font-medium text-slate-700 capitalize first:rounded-l-md last:rounded-r-md aria-pressed:bg-slate-800 aria-pressed:text-white">
            {t}
          </button>
        ))}
      </nav>
      <span role="status" data-testid="link-status" data-status={link} className="text-xs text-slate-600">{link === 'open' ? 'Live' : link === 'connecting' ? 'Connecting…' : 'Reconnecting…'}</span>
      <div className="ml-auto flex items-center gap-3">
        <p className="text-xs text-slate-700" data-testid="ring-notice">
          {available ? "You are Available: customers' calls ring you here too." : "You are Away: customers' calls do not ring you."}
        </p>
        <Button size="sm" variant={available ? 'secondary' : 'primary'} disabled={setPresence.isPending} onClick={() => setPresence.mutate(available ? { presence: 'away', awayReason: 'training' } : { presence: 'available' })}>
          {available ? 'Stop taking calls' : 'Take calls (Available)'}
        </Button>
        <span className="text-right text-sm leading-tight font-medium">{me.displayName}</span>
        <Button variant="ghost" size="sm" icon={<LogOut aria-hidden="true" className="size-3.5" />} onClick={() => signOut.mutate()} disabled={signOut.isPending}>Sign out</Button>
      </div>
    </header>
  );
}

function Classroom() {
  const lines = useQuery(businessNumbersQueryOptions());
  const customers = useQuery(customersQueryOptions());
  const names = useMemo(() => new Map((customers.data ?? []).map((c) => [c.waId, c.name])), [customers.data]);
  return (
    <main className="grid min-h-0 flex-1 grid-cols-[minmax(0,3fr)_minmax(0,2fr)] gap-3 overflow-hidden p-3">
      <div className="flex min-h-0 flex-col gap-3 overflow-y-auto">
        <div className="grid grid-cols-2 gap-3">
          <ClockPanel canAct />
          <TraineesPanel />
        </div>
        <ScenariosPanel canAct />
        <CustomersPanel lines={lines.data ?? []} />
      </div>
      <TimelinePanel names={names} />
    </main>
  );
}

/** Meta mode: nothing here can move WhatsApp; the numbers' standing and the timeline are read-only. */
function MetaModeClassroom() {
  const lines = useQuery(businessNumbersQueryOptions());
  return (
    <main className="grid min-h-0 flex-1 grid-cols-[minmax(0,3fr)_minmax(0,2fr)] gap-3 overflow-hidden p-3">
      <div className="flex min-h-0 flex-col gap-3 overflow-y-auto">
        <section aria-labelledby="meta-title" className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          <h2 id="meta-title" className="font-semibold">Ringside runs against Meta</h2>
          <p>
            The customers, WhatsApp's clock and the scenarios drive the simulator, which only runs in simulator mode (start Ringside with
            RINGSIDE_MODE=simulator). Here you see the numbers' limits and every Graph request and webhook, read-only.
          </p>
        </section>
        <section aria-labelledby="numbers-title" className="rounded-lg border border-slate-300 bg-white p-3">
          <h2 id="numbers-title" className="text-sm font-semibold text-slate-700">Business numbers</h2>
          <ul className="mt-2 space-y-1 text-sm">
            {lines.data?.map((l) => (
              <li key={l.id}>
                {l.displayNumber} · {l.label} ({l.profile}){l.notices?.length ? ` · ${l.notices.map((n) => n.type).join(', ')}` : ''}
              </li>
            ))}
          </ul>
        </section>
        <TraineesPanel />
      </div>
      <TimelinePanel names={new Map()} />
    </main>
  );
}
