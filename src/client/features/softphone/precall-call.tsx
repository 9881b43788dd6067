/** The pre-dial panel's call action and the connected-call quota. */
import { Phone } from 'lucide-react';
import { useId } from 'react';
import { can } from '../../../shared/call.ts';
import { describeRefusal } from '../../../shared/policy/describe.ts';
import type { Eligibility } from '../../../shared/policy/eligibility.ts';
import { Button } from '../../components/ui/button.tsx';
import { useCall } from './call-context.tsx';
import { callQuotaText, timeFormatter } from './contact-policy.ts';
import { useDial } from './dial-guard.tsx';
import type { PreCallPanelProps } from './precall-props.ts';

export function CallBlock({ contact, line, now }: PreCallPanelProps) {
  const dial = useDial();
  const canDial = useCall((s) => can(s.call, 'dial'));
  const reasonId = useId();
  const { call, streak } = contact.eligibility;
  const fmt = timeFormatter(now);
  const [first, ...more] = call.refusals;
  return (
    <div className="flex items-start gap-3 border-b border-slate-200 bg-slate-50 px-3 py-2.5">
      <Button
        variant="primary"
        aria-label={`Place call to ${contact.name}`}
        aria-describedby={reasonId}
        data-testid="precall-call"
        icon={<Phone aria-hidden="true" className="size-4" />}
        disabled={!canDial || !call.allowed}
        onClick={() => dial({ contact, businessNumberId: line.id })}
      >
        Place call
      </Button>
      <div id={reasonId} className="min-w-0 flex-1 text-xs leading-4">
        {first ? (
          <>
            <p data-testid="call-refusal" data-code={first.code ?? ''} data-reason={first.reason} className="font-medium text-rose-800">
              {describeRefusal(first, fmt)}
            </p>
            {more.length > 0 && (
              <details className="mt-1 text-slate-700">
                <summary className="cursor-pointer text-slate-600">
                  {more.length} more {more.length === 1 ? 'reason' : 'reasons'}
                </summary>
                <ul className="mt-1 list-disc space-y-1 pl-4">
                  {more.map((r) => (
                    <li key={`${r.reason}-${r.code}`}>{describeRefusal(r, fmt)}</li>
                  ))}
                </ul>
              </details>
            )}
          </>
        ) : !canDial ? (
          <p data-testid="call-busy" className="text-slate-700">Finish the current call first.</p>
        ) : streak.nextUnansweredRevokes ? (
          <p data-testid="call-allowed" className="font-medium text-amber-900">
            Possible, but if this call goes unanswered WhatsApp revokes permission. You will be asked to confirm.
          </p>
        ) : (
          <p data-testid="call-allowed" className="text-emerald-800">
            Calling is possible now.
          </p>
        )}
      </div>
    </div>
  );
}

export function CallQuota({ call, now }: { call: Eligibility['call']; now: number }) {
  const pct = call.max > 0 ? Math.min(100, (call.used / call.max) * 100) : 100;
  const full = call.used >= call.max;
  const fill = full ? 'bg-rose-600' : call.max - call.used <= Math.ceil(call.max / 5) ? 'bg-amber-500' : 'bg-emerald-600';
  return (
    <>
      <div
        role="meter"
        aria-label="Connected calls used"
        aria-valuemin={0}
        aria-valuemax={call.max}
        aria-valuenow={Math.min(call.used, call.max)}
        aria-valuetext={`${call.used} of ${call.max} connected calls used`}
        className="h-1.5 overflow-hidden rounded-full bg-slate-200"
      >
        <div className={`h-full rounded-full ${fill}`} style={{ width: `${pct}%` }} />
      </div>
      <p data-testid="quota-calls" className={`tabular mt-1 ${full ? 'font-medium text-rose-800' : ''}`}>
        {callQuotaText(call, now)}
      </p>
    </>
  );
}
