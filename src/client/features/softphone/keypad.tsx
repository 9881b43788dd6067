/**
 * The DTMF keypad of an active call (an IVR on the customer's side, a PIN). Opened with its
 * button; while focus is inside it, the keyboard's digit keys, * and # send too. Digits go out as
 * RFC 4733 telephone-events through RTCDTMFSender, not as audio.
 */
import { Grid3x3 } from 'lucide-react';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { useCallController } from './call-context.tsx';

const keys: Array<[string, string]> = [
  ['1', ''], ['2', 'ABC'], ['3', 'DEF'], ['4', 'GHI'], ['5', 'JKL'], ['6', 'MNO'],
  ['7', 'PQRS'], ['8', 'TUV'], ['9', 'WXYZ'], ['*', ''], ['0', '+'], ['#', ''],
];
const spoken: Record<string, string> = { '*': 'Star', '#': 'Pound' };

export function Keypad() {
  const controller = useCallController();
  const [open, setOpen] = useState(false);
  const [sent, setSent] = useState('');
  const [refused, setRefused] = useState(false);
  const gridRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (open) gridRef.current?.querySelector('button')?.focus();
  }, [open]);

  const send = (digit: string) => {
    const ok = controller.sendDigits(digit);
    setRefused(!ok);
    if (ok) setSent((s) => (s + digit).slice(-32));
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey || !/^[0-9*#]$/.test(e.key)) return;
    e.preventDefault();
    e.stopPropagation();
    send(e.key);
  };

  return (
    <div className="flex flex-col gap-2">
      <Button size="sm" className="self-start" aria-expanded={open} aria-controls="keypad" data-testid="keypad-toggle" icon={<Grid3x3 aria-hidden="true" className="size-3.5" />} onClick={() => setOpen(!open)}>
        Keypad
      </Button>
      {open && (
        <div id="keypad" className="flex flex-col gap-1.5">
          <p className="text-xs text-slate-600">Press keys or type digits, * and # while the keypad has focus.</p>
          <div ref={gridRef} role="group" aria-label="Keypad" data-testid="keypad" onKeyDown={onKeyDown} className="grid w-full max-w-60 grid-cols-3 gap-1">
            {keys.map(([digit, letters]) => (
              <button
                key={digit}
                type="button"
                aria-label={spoken[digit] ?? digit}
                onClick={() => send(digit)}
                className="flex h-10 flex-col items-center justify-center rounded-md border border-slate-300 bg-white leading-none hover:bg-slate-50 active:bg-slate-100"
              >
                <span className="text-base font-semibold">{digit}</span>
                <span aria-hidden="true" className="h-2.5 text-[9px] tracking-wider text-slate-500">
                  {letters}
                </span>
              </button>
            ))}
          </div>
          <output aria-live="polite" data-testid="dtmf-sent" className="tabular min-h-5 text-sm text-slate-700">
            {refused ? 'The call cannot send tones right now.' : sent ? `Sent ${sent}` : ''}
          </output>
        </div>
      )}
    </div>
  );
}
