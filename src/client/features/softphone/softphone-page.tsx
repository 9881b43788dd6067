/**
 * The agent's softphone (route `/`): composes the call engine, the push channel and the panels.
 * The engine is created once per mounted page; React only reads its store and calls its methods.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { BusinessNumber, Me } from '../../../shared/agent-api.ts';
import { warmAudio } from '../../call/audio-level.ts';
import { createCallController, type CallController } from '../../call/call-controller.ts';
import { createCallStore } from '../../call/call-store.ts';
import { createDevices, type Devices } from '../../call/devices.ts';
import { browserMedia, openMic } from '../../call/media.ts';
import { answerMetaOffer, createBusinessOffer } from '../../call/peer-session.ts';
import { createWarmMic, type WarmMic } from '../../call/warm-mic.ts';
import type { LinkStatus } from '../../lib/agent-events.ts';
import { agentApi } from '../../lib/api-client.ts';
import { notifyError } from '../../lib/notifications.ts';
import { AfterCallForm } from './after-call-form.tsx';
import { AgentStatusCard } from './agent-status-card.tsx';
import { AppHeader } from './app-header.tsx';
import { CallHistory } from './call-history.tsx';
import { CallerContext } from './caller-context.tsx';
import { businessNumbersQueryOptions, useSignOut } from './api.ts';
import { CallControllerContext, useCall } from './call-context.tsx';
import { notifyIncomingWhenHidden } from './call-alerts.tsx';
import { CallPanel } from './call-panel.tsx';
import { statusLabel } from './call-status.ts';
import { ContactsPanel } from './contacts-panel.tsx';
import { watchDevices } from './device-watch.ts';
import { DevicesContext } from './devices-context.tsx';
import { DialGuardProvider } from './dial-guard.tsx';
import { IncomingCallCard } from './incoming-call-card.tsx';
import { LineNotices } from './line-notices.tsx';
import { MonitorBanner } from './monitor-banner.tsx';
import { createAgentMonitor, type AgentMonitor } from '../../monitor/agent-monitor.ts';
import { monitorApi } from '../../monitor/monitor-api.ts';
import { endCallOnPageLeave, showCallLeftBehind } from './page-leave.ts';
import { Ringer } from './ringer.tsx';
import { OtherTab, useTabRole } from './tab-gate.tsx';
import { startLiveEvents } from './live-events.ts';
import { PreCallSlot } from './precall-panel.tsx';
import { RemoteAudio } from './remote-audio.tsx';
import { ShortcutLegend, useSoftphoneHotkeys } from './shortcuts.tsx';
import { useSelectedLine } from './use-selected-line.ts';

function createBrowserCall(): { controller: CallController; mic: WarmMic; devices: Devices; monitor: AgentMonitor } {
  const devices = createDevices();
  const mic = createWarmMic(() => openMic(devices.micConstraints()));
  const controller = createCallController({
    api: agentApi,
    peers: { createBusinessOffer: (stream) => createBusinessOffer(stream), answerMetaOffer: (sdp) => answerMetaOffer(sdp) },
    media: { ...browserMedia, getMic: mic.take, keepMic: mic.keep },
    store: createCallStore(),
    now: Date.now,
    report: notifyError,
  });
  const monitor = createAgentMonitor({ tap: () => controller.tap(), api: monitorApi, report: notifyError });
  return { controller, mic, devices, monitor };
}

/** The page: the desk in the tab that owns the agent's media, a "take over" screen in any other. */
export function SoftphonePage({ me }: { me: Me }) {
  const role = useTabRole(me.id);
  if (role.role === 'owner') return <SoftphoneDesk me={me} />;
  return <OtherTab pending={role.role === 'pending'} onTakeOver={role.takeOver} />;
}

function SoftphoneDesk({ me }: { me: Me }) {
  const client = useQueryClient();
  const [{ controller, mic, devices, monitor }] = useState(createBrowserCall);
  const [link, setLink] = useState<LinkStatus>('connecting');
  const lines = useQuery(businessNumbersQueryOptions());
  const [line, selectLine] = useSelectedLine(lines.data);
  const filterRef = useRef<HTMLInputElement>(null);
  const [selectedWaId, setSelectedWaId] = useState<string | null>(null);
  // The contacts the list shows (its filters applied): the pre-dial panel never keeps one it hides.
  const [shownWaIds, setShownWaIds] = useState<readonly string[] | null>(null);
  const signOut = useSignOut(() => controller.hangUp());

  useEffect(() => startLiveEvents(controller, client, setLink, monitor), [controller, client, monitor]);
  // Monitoring legs live only as long as the call in progress.
  useEffect(() => controller.store.subscribe((s) => s.call.status !== 'active' && monitor.closeAll()), [controller, monitor]);
  useEffect(
    () => () => {
      // Unmounted with a call (another tab took over): end it rather than leave the customer on a dead line.
      void controller.hangUp();
      controller.dispose();
      mic.release();
    },
    [controller, mic],
  );
  useEffect(() => watchCallForPage(controller), [controller]);
  useEffect(() => endCallOnPageLeave(controller), [controller]);
  useEffect(() => void showCallLeftBehind(controller, agentApi).catch(() => undefined), [controller]);
  useEffect(() => notifyIncomingWhenHidden(controller), [controller]);
  useEffect(() => watchDevices(devices, controller, mic), [devices, controller, mic]);
  useEffect(() => warmAudio(), []);
  useSoftphoneHotkeys(controller, filterRef);

  return (
    <CallControllerContext.Provider value={controller}>
      <DevicesContext.Provider value={devices}>
        <DialGuardProvider>
          <div className="flex min-h-screen flex-col lg:h-screen">
            <AppHeader me={me} lines={lines.data} line={line} onSelectLine={selectLine} link={link} mic={mic} onSignOut={() => signOut.mutate()} signingOut={signOut.isPending} />
            <CallAnnouncer />
            <MonitorBanner monitor={monitor} />
            <LineNotices line={line} />
            {/* Narrow screens: the softphone first, then the lists. */}
            <main className="grid min-h-0 flex-1 grid-cols-1 gap-3 p-2 sm:p-3 lg:grid-cols-[minmax(0,1fr)_24rem]">
              <div className="order-2 flex min-h-0 min-w-0 flex-col gap-3 lg:order-1">
                <ContactsPanel line={line} filterRef={filterRef} selectedWaId={selectedWaId} onSelect={setSelectedWaId} onShown={setShownWaIds} />
                <CallHistory me={me} />
                <ShortcutLegend />
              </div>
              <aside aria-label="Call" className="order-1 flex min-h-0 min-w-0 flex-col gap-3 lg:order-2">
                <AgentStatusCard me={me} />
                <CallSlot lines={lines.data} />
                <CallSide me={me} line={line} selectedWaId={selectedWaId} shownWaIds={shownWaIds} />
              </aside>
            </main>
            <RemoteAudio />
            <Ringer />
          </div>
        </DialGuardProvider>
      </DevicesContext.Provider>
    </CallControllerContext.Provider>
  );
}

function CallSlot({ lines }: { lines: Parameters<typeof CallPanel>[0]['lines'] }) {
  const call = useCall((s) => s.call);
  if (call.status === 'incoming') return <IncomingCallCard callId={call.callId} party={call.party} lines={lines} />;
  // Idle, the status card above says what the agent is doing; the softphone appears with a call.
  if (call.status === 'idle') return null;
  return <CallPanel lines={lines} />;
}

/**
 * Below the softphone: while a call rings and lasts, that customer; once it ended, the after-call
 * form and the pre-dial panel again (where the call's effect on quota and streak shows).
 */
function CallSide({ me, line, selectedWaId, shownWaIds }: { me: Me; line: BusinessNumber | null; selectedWaId: string | null; shownWaIds: readonly string[] | null }) {
  const call = useCall((s) => s.call);
  const preCall = <PreCallSlot line={line} selectedWaId={selectedWaId} shownWaIds={shownWaIds} />;
  if (call.status === 'idle') return preCall;
  const callId = 'callId' in call ? call.callId : null;
  if (call.status !== 'ended') return <CallerContext party={call.party} callId={callId} load={call.status !== 'incoming' || call.prepared} />;
  return (
    <>
      {callId && <AfterCallForm key={callId} callId={callId} me={me} />}
      {preCall}
    </>
  );
}

/** One polite live region for call status changes (the ticking timer stays out of it). */
function CallAnnouncer() {
  const label = useCall((s) => statusLabel(s.call));
  return (
    <div aria-live="polite" aria-atomic="true" className="sr-only" data-testid="call-announcer">
      {label}
    </div>
  );
}

/** Tab title while ringing, and a leave-page warning during a call. A store subscription, not signalling. */
function watchCallForPage(controller: CallController): () => void {
  const guard = (e: BeforeUnloadEvent) => e.preventDefault();
  let guarded = false;
  const apply = () => {
    const call = controller.store.getState().call;
    document.title = call.status === 'incoming' ? `Incoming call: ${call.party.name} · Ringside` : 'Ringside';
    const busy = call.status === 'outgoing' || call.status === 'accepting' || call.status === 'active';
    if (busy !== guarded) {
      guarded = busy;
      if (busy) window.addEventListener('beforeunload', guard);
      else window.removeEventListener('beforeunload', guard);
    }
  };
  apply();
  const unsubscribe = controller.store.subscribe(apply);
  return () => {
    unsubscribe();
    window.removeEventListener('beforeunload', guard);
    document.title = 'Ringside';
  };
}
