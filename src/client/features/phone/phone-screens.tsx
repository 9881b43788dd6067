import { Mic, MicOff, Phone, PhoneOff, X } from 'lucide-react';
import { useEffect, useRef, useSyncExternalStore, type ButtonHTMLAttributes, type ReactNode, type Ref } from 'react';
import { useStore } from 'zustand';
import type { PhoneCall, PhoneSnapshot, SimBusinessNumber } from '../../../shared/sim-api.ts';
import { Button } from '../../components/ui/button.tsx';
import { LevelMeter } from '../../components/ui/level-meter.tsx';
import { formatDuration, formatE164 } from '../../lib/format.ts';
import { useNow } from '../../lib/use-now.ts';
import type { PhoneController } from './phone-controller.ts';
import { endSentence } from './end-reason.ts';

const initials = (name: string) =>
  name
    .split(/\s+/)
    .map((w) => w[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();

function BusinessHeading({ business, children }: { business: SimBusinessNumber; children?: ReactNode }) {
  return (
    <div className="flex flex-col items-center gap-1 pt-10 text-center">
      <span aria-hidden="true" className="mb-2 grid size-20 place-items-center rounded-full bg-emerald-800 text-2xl font-semibold text-white">
        {initials(business.name)}
      </span>
      <p className="text-lg font-semibold" data-testid="phone-business-name">
        {business.name}
      </p>
      <p className="tabular text-slate-600">{formatE164(business.display_phone_number)}</p>
      {children}
    </div>
  );
}

function RoundAction({ label, tone, icon, ...rest }: { label: string; tone: 'accept' | 'hangup' | 'neutral'; icon: ReactNode } & ButtonHTMLAttributes<HTMLButtonElement> & { ref?: Ref<HTMLButtonElement>; 'data-testid'?: string }) {
  const colors = { accept: 'bg-emerald-700 text-white hover:bg-emerald-800', hangup: 'bg-rose-700 text-white hover:bg-rose-800', neutral: 'bg-white text-slate-800 ring-1 ring-slate-300 hover:bg-slate-100 aria-pressed:bg-slate-800 aria-pressed:text-white' }[tone];
  return (
    <button type="button" className="flex flex-col items-center gap-1.5 text-xs font-medium text-slate-800 disabled:opacity-60" {...rest}>
      <span aria-hidden="true" className={`grid size-14 place-items-center rounded-full ${colors}`}>
        {icon}
      </span>
      {label}
    </button>
  );
}

/** A business-initiated call ringing on the phone. */
export function IncomingScreen({ phone, call }: { phone: PhoneController; call: PhoneCall }) {
  const busy = useStore(phone.store, (s) => s.busy);
  const acceptRef = useRef<HTMLButtonElement>(null);
  useEffect(() => acceptRef.current?.focus(), [call.call_id]);
  const answering = busy === `accept:${call.call_id}`;
  return (
    <div role="alertdialog" aria-modal="false" aria-labelledby="phone-incoming-title" data-testid="phone-incoming" data-call-id={call.call_id} className="flex h-full flex-col justify-between bg-emerald-50 pb-10">
      <BusinessHeading business={call.business}>
        <p id="phone-incoming-title" className="mt-2 text-sm text-emerald-900">
          {answering ? 'Connecting…' : 'WhatsApp voice call'}
        </p>
      </BusinessHeading>
      <div className="flex justify-around">
        <RoundAction label="Decline" tone="hangup" data-testid="phone-decline" disabled={busy !== null} icon={<PhoneOff className="size-6" />} onClick={() => void phone.decline(call.call_id)} />
        <RoundAction ref={acceptRef} label="Accept" tone="accept" data-testid="phone-accept" disabled={busy !== null} icon={<Phone className="size-6" />} onClick={() => void phone.accept(call.call_id)} />
      </div>
    </div>
  );
}

const stateText: Record<PhoneCall['state'], string> = { calling: 'Calling…', ringing: 'Ringing…', connecting: 'Connecting…', active: 'Connected', ended: 'Call ended' };

/** Calling, connecting or talking. */
export function InCallScreen({ phone, call }: { phone: PhoneController; call: PhoneCall }) {
  const level = useSyncExternalStore(phone.remote.subscribe, () => phone.remote.getSnapshot().level);
  const muted = useStore(phone.store, (s) => s.muted);
  const offset = useStore(phone.store, (s) => s.clockOffset);
  const now = useNow(call.state === 'active');
  const status = call.state === 'active' ? formatDuration((now - offset - (call.answered_at ?? call.started_at)) / 1000) : stateText[call.state];
  return (
    <section aria-label="Call" data-testid="phone-in-call" data-call-id={call.call_id} data-state={call.state} className="flex h-full flex-col justify-between pb-10">
      <BusinessHeading business={call.business}>
        <p className="tabular mt-2 text-base" data-testid="phone-call-status" role="timer" aria-live="off">
          {status}
        </p>
        <p className="sr-only" aria-live="polite">
          {stateText[call.state]}
        </p>
      </BusinessHeading>
      <div className="flex flex-col gap-8 px-6">
        <LevelMeter label="Business audio level" level={level} data-testid="phone-audio-meter" />
        <div className="flex justify-around">
          <RoundAction
            label="Mute"
            tone="neutral"
            aria-pressed={muted}
            data-testid="phone-mute"
            icon={muted ? <MicOff className="size-6" /> : <Mic className="size-6" />}
            onClick={() => phone.toggleMute()}
          />
          <RoundAction label="Hang up" tone="hangup" data-testid="phone-hang-up" icon={<PhoneOff className="size-6" />} onClick={() => void phone.hangUp(call.call_id)} />
        </div>
      </div>
    </section>
  );
}

/** Businesses to call, permission requests, and the chat-like system messages. */
export function HomeScreen({ phone, snapshot }: { phone: PhoneController; snapshot: PhoneSnapshot }) {
  const busy = useStore(phone.store, (s) => s.busy);
  const lastEnded = useStore(phone.store, (s) => s.lastEnded);
  const messages = [...snapshot.messages].sort((a, b) => a.at - b.at);
  return (
    <div className="flex flex-col gap-4 p-3">
      {lastEnded && (
        <div role="status" data-testid="phone-call-ended" className="flex items-start gap-2 rounded-lg bg-white p-3 ring-1 ring-slate-300">
          <p className="flex-1">
            <span className="font-medium">Call with {lastEnded.business.name} ended</span>
            <span className="block text-xs text-slate-600" data-testid="phone-end-reason">{endSentence(lastEnded)}</span>
          </p>
          <button type="button" aria-label="Dismiss" onClick={phone.dismissEnded} className="rounded p-0.5 text-slate-600 hover:bg-slate-100">
            <X aria-hidden="true" className="size-4" />
          </button>
        </div>
      )}
      {!snapshot.user.on_whatsapp && (
        <p role="status" className="rounded-lg bg-amber-50 p-3 text-amber-900 ring-1 ring-amber-300">
          This number is not on WhatsApp: businesses cannot call it.
        </p>
      )}

      {snapshot.requests.length > 0 && (
        <section aria-labelledby="requests-title">
          <h2 id="requests-title" className="mb-1.5 text-xs font-semibold tracking-wide text-slate-600 uppercase">
            Call permission requests
          </h2>
          <ul className="flex flex-col gap-2">
            {snapshot.requests.map((r) => (
              <li key={r.request_id} data-testid="permission-request" data-request-id={r.request_id} className="rounded-lg bg-white p-3 ring-1 ring-slate-300">
                <p className="font-medium">{r.business.name} would like to call you</p>
                {r.body && <p className="mt-0.5 text-slate-700">{r.body}</p>}
                <div className="mt-2 flex flex-col gap-1.5">
                  <Button variant="primary" data-testid="permission-accept" disabled={busy !== null} onClick={() => void phone.reply(r.request_id, 'accept')}>
                    Allow for 7 days
                  </Button>
                  <Button data-testid="permission-accept-permanent" disabled={busy !== null} onClick={() => void phone.reply(r.request_id, 'accept_permanent')}>
                    Always allow
                  </Button>
                  <Button variant="ghost" data-testid="permission-decline" disabled={busy !== null} onClick={() => void phone.reply(r.request_id, 'decline')}>
                    Decline
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="businesses-title">
        <h2 id="businesses-title" className="mb-1.5 text-xs font-semibold tracking-wide text-slate-600 uppercase">
          Businesses
        </h2>
        <ul className="divide-y divide-slate-100 rounded-lg bg-white ring-1 ring-slate-300">
          {snapshot.businesses.map((b) => (
            <li key={b.phone_number_id} data-testid="phone-business" data-phone-number-id={b.phone_number_id} className="flex items-center gap-2 px-3 py-2">
              <div className="min-w-0 flex-1">
                <p className="truncate font-medium">{b.name}</p>
                <p className="tabular text-xs text-slate-600">{formatE164(b.display_phone_number)}</p>
              </div>
              <Button
                size="sm"
                variant="primary"
                aria-label={`Call ${b.name}`}
                data-testid="phone-call-business"
                disabled={!b.calling_enabled || busy !== null}
                title={b.calling_enabled ? undefined : 'This business does not take calls'}
                icon={<Phone aria-hidden="true" className="size-3.5" />}
                onClick={() => void phone.callBusiness(b.phone_number_id)}
              >
                {busy === `call:${b.phone_number_id}` ? 'Calling…' : 'Call'}
              </Button>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="messages-title">
        <h2 id="messages-title" className="mb-1.5 text-xs font-semibold tracking-wide text-slate-600 uppercase">
          Messages
        </h2>
        {messages.length === 0 ? (
          <p className="text-xs text-slate-600">No messages.</p>
        ) : (
          <ol aria-label="Messages" data-testid="phone-messages" className="flex flex-col gap-1.5">
            {messages.map((m) => (
              <li
                key={m.id}
                data-kind={m.kind}
                className={
                  m.kind === 'system'
                    ? 'mx-4 rounded-md bg-amber-50 px-2 py-1 text-center text-xs text-amber-900'
                    : m.kind === 'user'
                      ? 'ml-10 self-end rounded-lg bg-emerald-100 px-2.5 py-1.5'
                      : 'mr-10 self-start rounded-lg bg-white px-2.5 py-1.5 ring-1 ring-slate-200'
                }
              >
                {m.text}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
