import { Phone, PhoneIncoming, PhoneOff } from 'lucide-react';
import { useEffect, useRef } from 'react';
import type { BusinessNumber } from '../../../shared/agent-api.ts';
import type { Party } from '../../../shared/call.ts';
import { Button } from '../../components/ui/button.tsx';
import { isTyping } from '../../lib/use-hotkeys.ts';
import { useCallController } from './call-context.tsx';

interface IncomingCallCardProps {
  callId: string;
  party: Party;
  lines: BusinessNumber[] | undefined;
}

/**
 * The ringing call. Focus moves to Accept, except while the agent is typing in a field: a stray
 * keystroke must not answer a call.
 */
export function IncomingCallCard({ callId, party, lines }: IncomingCallCardProps) {
  const controller = useCallController();
  const acceptRef = useRef<HTMLButtonElement>(null);
  const line = lines?.find((l) => l.id === party.businessNumberId);

  useEffect(() => {
    if (!isTyping(document.activeElement)) acceptRef.current?.focus();
  }, [callId]);

  return (
    <div
      role="alertdialog"
      aria-modal="false"
      aria-labelledby="incoming-title"
      aria-describedby="incoming-caller"
      data-testid="incoming-call"
      data-call-id={callId}
      className="rounded-lg border-2 border-emerald-700 bg-emerald-50 p-4 shadow-sm"
    >
      <h2 id="incoming-title" className="flex items-center gap-1.5 text-xs font-semibold tracking-wide text-emerald-900 uppercase">
        <PhoneIncoming aria-hidden="true" className="size-4" />
        Incoming WhatsApp call
      </h2>
      <div id="incoming-caller" className="mt-2">
        <p className="text-lg font-semibold" data-testid="incoming-caller-name">
          {party.name}
        </p>
        <p className="tabular text-slate-700">{party.displayNumber}</p>
        {line && (
          <p className="mt-1 text-xs text-slate-700" data-testid="incoming-line">
            to {line.label} · {line.displayNumber}
          </p>
        )}
      </div>
      <div className="mt-4 grid grid-cols-2 gap-2">
        <Button
          ref={acceptRef}
          variant="primary"
          size="lg"
          shortcut="A"
          data-testid="accept-call"
          icon={<Phone aria-hidden="true" className="size-4" />}
          onClick={() => void controller.accept()}
        >
          Accept
        </Button>
        <Button variant="danger" size="lg" shortcut="D" data-testid="decline-call" icon={<PhoneOff aria-hidden="true" className="size-4" />} onClick={() => void controller.decline()}>
          Decline
        </Button>
      </div>
    </div>
  );
}
