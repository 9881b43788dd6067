/** The pre-dial panel's permission requests: budget, free-form or template, the Request button. */
import { MessageSquare } from 'lucide-react';
import { useId } from 'react';
import { describeRefusal } from '../../../shared/policy/describe.ts';
import type { Eligibility } from '../../../shared/policy/eligibility.ts';
import { Button } from '../../components/ui/button.tsx';
import { useRequestPermission } from './api.ts';
import { timeFormatter } from './contact-policy.ts';
import type { PreCallPanelProps } from './precall-props.ts';

export function RequestBudget({ request }: { request: Eligibility['request'] }) {
  return (
    <span className="tabular text-xs whitespace-nowrap text-slate-600" data-testid="request-budget">
      <span aria-hidden="true">
        {request.day.used}/{request.day.max} today · {request.week.used}/{request.week.max} this week
      </span>
      <span className="sr-only">
        {request.day.used} of {request.day.max} requests used today, {request.week.used} of {request.week.max} this week
      </span>
    </span>
  );
}

export function RequestBlock({ contact, line, now }: PreCallPanelProps) {
  const ask = useRequestPermission();
  const reasonId = useId();
  const { request } = contact.eligibility;
  const fmt = timeFormatter(now);
  const windowUntil = contact.serviceWindowOpenUntil === null ? null : Date.parse(contact.serviceWindowOpenUntil);
  const first = request.refusals[0];
  return (
    <>
      <p data-testid="request-via" data-via={request.via} className="flex items-start gap-1.5 text-xs text-slate-700">
        <MessageSquare aria-hidden="true" className="mt-px size-3.5 shrink-0 text-slate-500" />
        <span>
          {request.via === 'free_form'
            ? `A request goes out as a free-form message: the customer-service window is open${windowUntil === null ? '' : ` until ${fmt(windowUntil)}`}.`
            : 'A request goes out as the permission template: the customer-service window is closed (it opens when the customer messages or calls).'}
        </span>
      </p>
      <Button
        size="sm"
        // The next step when the only way to call is the customer's permission.
        variant={request.allowed && contact.eligibility.call.refusals[0]?.code === 138006 ? 'primary' : 'secondary'}
        className="mt-1.5"
        data-testid="request-permission"
        aria-describedby={first ? reasonId : undefined}
        disabled={!request.allowed || ask.isPending}
        onClick={() => ask.mutate({ contact, businessNumberId: line.id })}
      >
        {ask.isPending ? 'Sending…' : 'Request permission'}
      </Button>
      {first && (
        <p id={reasonId} data-testid="request-refusal" data-code={first.code ?? ''} className="mt-1 text-xs leading-4 text-slate-700">
          {describeRefusal(first, fmt)}
        </p>
      )}
    </>
  );
}
