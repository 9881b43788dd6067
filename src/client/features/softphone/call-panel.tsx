import { Mic, MicOff, PhoneOff, X } from 'lucide-react';
import type { BusinessNumber } from '../../../shared/agent-api.ts';
import { can, type CallState } from '../../../shared/call.ts';
import { Button } from '../../components/ui/button.tsx';
import { LevelMeter } from '../../components/ui/level-meter.tsx';
import { formatDuration } from '../../lib/format.ts';
import { useNow } from '../../lib/use-now.ts';
import { useCall, useCallController, useRemoteMedia } from './call-context.tsx';
import { statusText } from './call-status.ts';
import { Keypad } from './keypad.tsx';
import { QualityStrip } from './quality-strip.tsx';

const withMedia = new Set<CallState['status']>(['outgoing', 'accepting', 'active']);

function statusTone(call: CallState): string {
  if (call.status === 'active') return 'text-emerald-800';
  if (call.status !== 'ended') return 'text-slate-900';
  return ['failed', 'declined', 'missed'].includes(call.outcome.kind) ? 'text-rose-800' : 'text-slate-700';
}

/** The softphone: who, what state, the customer's audio level, and the call controls. */
export function CallPanel({ lines }: { lines: BusinessNumber[] | undefined }) {
  const controller = useCallController();
  const call = useCall((s) => s.call);
  const level = useRemoteMedia((s) => s.level);
  const now = useNow(call.status === 'active');
  const party = 'party' in call ? call.party : null;
  const line = party ? lines?.find((l) => l.id === party.businessNumberId) : undefined;
  const muted = call.status === 'active' && call.muted;

  // Idle, the softphone is one calm line; the pre-dial panel below it is where a call starts.
  if (call.status === 'idle') {
    return (
      <section aria-labelledby="softphone-title" data-testid="softphone" data-call-status={call.status} className="flex items-center gap-2 rounded-lg border border-slate-300 bg-white px-3 py-2">
        <h2 id="softphone-title" className="font-semibold">
          Softphone
        </h2>
        <span aria-hidden="true" className="ml-auto size-2 rounded-full bg-emerald-600" />
        <p data-testid="call-status" data-status={call.status} className="text-slate-700">
          {statusText(call, now)}
        </p>
        <p className="text-xs text-slate-500">· customers’ calls ring here</p>
      </section>
    );
  }

  return (
    <section aria-labelledby="softphone-title" data-testid="softphone" data-call-status={call.status} className="rounded-lg border border-slate-300 bg-white">
      <h2 id="softphone-title" className="border-b border-slate-200 px-3 py-2 font-semibold">
        Softphone
      </h2>
      <div className="flex flex-col gap-3 p-3">
        {party ? (
          <div>
            <p className="text-base font-semibold" data-testid="call-party">
              {party.name}
            </p>
            <p className="tabular text-slate-600">{party.displayNumber}</p>
            {line && (
              <p className="text-xs text-slate-600">
                via {line.label} · {line.displayNumber}
              </p>
            )}
          </div>
        ) : null}

        <p data-testid="call-status" data-status={call.status} className={`tabular font-medium ${statusTone(call)}`}>
          {statusText(call, now)}
        </p>

        {call.status === 'ended' && (call.outcome.durationSeconds !== undefined || call.outcome.code !== undefined) && (
          <p data-testid="call-outcome" data-outcome={call.outcome.kind} className="text-xs text-slate-600">
            {call.outcome.durationSeconds !== undefined && <>Duration {formatDuration(call.outcome.durationSeconds)}</>}
            {call.outcome.durationSeconds !== undefined && call.outcome.code !== undefined && ' · '}
            {call.outcome.code !== undefined && <>WhatsApp code {call.outcome.code}</>}
          </p>
        )}

        {withMedia.has(call.status) && <LevelMeter label="Customer audio level" level={level} data-testid="remote-audio-meter" />}
        {call.status === 'active' && <QualityStrip />}

        {call.status !== 'ended' && (
          <div className="flex gap-2">
            <Button
              data-testid="mute-button"
              aria-pressed={muted}
              shortcut="M"
              disabled={!can(call, 'mute')}
              icon={muted ? <MicOff aria-hidden="true" className="size-4" /> : <Mic aria-hidden="true" className="size-4" />}
              onClick={() => controller.toggleMute()}
            >
              Mute
            </Button>
            <Button
              data-testid="hang-up-button"
              variant="danger"
              shortcut="H"
              className="flex-1"
              disabled={!can(call, 'hangUp')}
              icon={<PhoneOff aria-hidden="true" className="size-4" />}
              onClick={() => void controller.hangUp()}
            >
              Hang up
            </Button>
          </div>
        )}

        {call.status === 'active' && <Keypad />}

        {call.status === 'ended' && (
          <Button size="sm" variant="ghost" className="self-start" icon={<X aria-hidden="true" className="size-3.5" />} onClick={() => controller.dismiss()}>
            Dismiss
          </Button>
        )}
      </div>
    </section>
  );
}
