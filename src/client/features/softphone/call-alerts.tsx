/**
 * Desktop notifications for a call that rings while the tab is hidden. Permission is asked only
 * from the agent's click (browsers ignore or penalise asking on load).
 */
import { BellRing } from 'lucide-react';
import { useState } from 'react';
import type { CallController } from '../../call/call-controller.ts';
import { Button } from '../../components/ui/button.tsx';

const supported = () => typeof Notification !== 'undefined';

export function CallAlerts() {
  const [permission, setPermission] = useState(() => (supported() ? Notification.permission : 'unsupported'));
  if (permission === 'unsupported') return null;
  return (
    <section aria-labelledby="call-alerts-title" className="flex flex-col gap-1 border-t border-slate-200 pt-3">
      <h3 id="call-alerts-title" className="text-xs font-semibold tracking-wide text-slate-600 uppercase">
        Call alerts
      </h3>
      {permission === 'default' && (
        <Button size="sm" className="self-start" icon={<BellRing aria-hidden="true" className="size-3.5" />} onClick={() => void Notification.requestPermission().then(setPermission)}>
          Alert me when a call rings in a hidden tab
        </Button>
      )}
      {permission === 'granted' && <p className="text-xs text-slate-600">A call that rings while this tab is hidden shows a desktop notification.</p>}
      {permission === 'denied' && <p className="text-xs text-slate-600">Notifications are blocked for this site in the browser’s settings.</p>}
    </section>
  );
}

/** Shows a notification while a call rings in a hidden tab; clicking it brings the tab forward. */
export function notifyIncomingWhenHidden(controller: CallController): () => void {
  if (!supported()) return () => undefined;
  let shown: Notification | null = null;
  let callId: string | null = null;
  const close = () => {
    shown?.close();
    shown = null;
  };
  const unsubscribe = controller.store.subscribe(({ call }) => {
    if (call.status !== 'incoming') {
      callId = null;
      return close();
    }
    if (call.callId === callId) return;
    callId = call.callId;
    if (!document.hidden || Notification.permission !== 'granted') return;
    close();
    shown = new Notification('Incoming WhatsApp call', { body: `${call.party.name} · ${call.party.displayNumber}`, tag: call.callId, requireInteraction: true });
    shown.onclick = () => {
      window.focus();
      close();
    };
  });
  return () => {
    unsubscribe();
    close();
  };
}
