/**
 * The simulated WhatsApp user's phone (route `/phone/{waId}`, no sign-in). It talks straight to the
 * simulator's control API; code-split so the agent bundle never carries it.
 */
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import { browserMedia } from '../../call/media.ts';
import { Button } from '../../components/ui/button.tsx';
import { FullPage } from '../../components/ui/full-page.tsx';
import { formatE164 } from '../../lib/format.ts';
import { notifyError } from '../../lib/notifications.ts';
import { configQueryOptions } from '../../lib/session.ts';
import { createPhoneController, liveCall, type PhoneController } from './phone-controller.ts';
import { HomeScreen, InCallScreen, IncomingScreen } from './phone-screens.tsx';
import { createSimClient } from './sim-client.ts';

export default function PhonePage({ waId }: { waId: string }) {
  const config = useQuery(configQueryOptions());
  if (config.isPending) return <FullPage title="Loading phone…" />;
  if (config.isError) return <FullPage title="Cannot reach Ringside">{config.error.message}</FullPage>;
  const url = config.data.simulatorUrl;
  if (config.data.mode !== 'simulator' || !url) return <FullPage title="No simulator here">The phone page works only when Ringside runs against its WhatsApp simulator.</FullPage>;
  return <PhoneDevice key={`${url}/${waId}`} simulatorUrl={url} waId={waId} />;
}

function PhoneDevice({ simulatorUrl, waId }: { simulatorUrl: string; waId: string }) {
  const [phone] = useState(() =>
    createPhoneController({ sim: createSimClient(simulatorUrl, waId), getMic: browserMedia.getMic, monitorLevel: browserMedia.monitorLevel, unlock: browserMedia.unlock, report: notifyError }),
  );
  useEffect(() => phone.start(), [phone]);
  const snapshot = useStore(phone.store, (s) => s.snapshot);
  const loadError = useStore(phone.store, (s) => s.loadError);
  const link = useStore(phone.store, (s) => s.link);
  const call = liveCall(snapshot);

  useEffect(() => {
    document.title = snapshot ? `${snapshot.user.name} · WhatsApp phone` : 'WhatsApp phone';
  }, [snapshot]);

  return (
    <main className="grid min-h-screen place-items-center bg-slate-200 p-6">
      <div
        role="region"
        aria-label={snapshot ? `WhatsApp phone of ${snapshot.user.name}` : 'WhatsApp phone'}
        data-testid="phone"
        className="flex h-[44rem] w-[22rem] flex-col overflow-hidden rounded-[2.5rem] border-[10px] border-slate-900 bg-white shadow-xl"
      >
        <div className="flex items-center justify-between bg-emerald-900 px-5 pt-2 pb-1 text-[11px] text-emerald-50">
          <span>WhatsApp · simulated</span>
          <span role="status" data-testid="phone-link" data-status={link}>
            {link === 'open' ? 'Online' : link === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
          </span>
        </div>
        <header className="bg-emerald-900 px-5 pb-3 text-white">
          <h1 className="text-base font-semibold" data-testid="phone-user">
            {snapshot?.user.name ?? 'Loading…'}
          </h1>
          <p className="tabular text-xs text-emerald-100">{formatE164(waId)}</p>
        </header>
        <div className="relative min-h-0 flex-1 overflow-y-auto bg-slate-50">
          {loadError && !snapshot ? (
            <div role="alert" className="p-4">
              <p className="mb-3 text-rose-800">Cannot reach the simulator: {loadError}</p>
              <Button onClick={phone.retry}>Try again</Button>
            </div>
          ) : !snapshot ? (
            <p className="p-4 text-slate-600">Loading…</p>
          ) : call?.direction === 'BUSINESS_INITIATED' && call.state === 'ringing' ? (
            <IncomingScreen phone={phone} call={call} />
          ) : call ? (
            <InCallScreen phone={phone} call={call} />
          ) : (
            <HomeScreen phone={phone} snapshot={snapshot} />
          )}
        </div>
      </div>
      <PhoneAudio phone={phone} />
    </main>
  );
}

function PhoneAudio({ phone }: { phone: PhoneController }) {
  const stream = useSyncExternalStore(phone.remote.subscribe, () => phone.remote.getSnapshot().stream);
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    ref.current.srcObject = stream;
    if (stream) void ref.current.play().catch(() => undefined);
  }, [stream]);
  return <audio ref={ref} autoPlay data-testid="phone-remote-audio" className="hidden" />;
}
