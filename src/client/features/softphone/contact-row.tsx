import { Phone, TriangleAlert } from 'lucide-react';
import { useId } from 'react';
import type { BusinessNumber, Contact } from '../../../shared/agent-api.ts';
import { can } from '../../../shared/call.ts';
import { Button } from '../../components/ui/button.tsx';
import { useCall } from './call-context.tsx';
import { rowRefusal } from './contact-policy.ts';
import { useDial } from './dial-guard.tsx';
import { PermissionBadge } from './permission-badge.tsx';

interface ContactRowProps {
  contact: Contact;
  line: BusinessNumber;
  now: number;
  selected: boolean;
  tabbable: boolean;
  onSelect: (waId: string) => void;
}

/** One contact: name and number, badge, why a call is not possible (WhatsApp's reason when it gave one), Call. */
export function ContactRow({ contact, line, now, selected, tabbable, onSelect }: ContactRowProps) {
  const dial = useDial();
  const canDial = useCall((s) => can(s.call, 'dial'));
  const reasonId = useId();
  const { call, streak } = contact.eligibility;
  const refusal = rowRefusal(call.refusals, now);
  return (
    <div
      role="row"
      aria-selected={selected}
      tabIndex={tabbable ? 0 : -1}
      data-testid="contact-row"
      data-wa-id={contact.waId}
      onClick={() => onSelect(contact.waId)}
      onFocus={() => onSelect(contact.waId)}
      className="grid cursor-default grid-cols-[minmax(0,1fr)_auto] items-center gap-x-3 gap-y-1 px-3 py-1.5 sm:grid-cols-[minmax(9rem,13rem)_11.5rem_minmax(0,1fr)_auto] sm:gap-y-0 -outline-offset-2 hover:bg-slate-50 aria-selected:bg-emerald-50 aria-selected:shadow-[inset_3px_0_0_var(--color-emerald-700)]"
    >
      <div role="gridcell" className="min-w-0">
        <p className="truncate font-medium">{contact.name}</p>
        <p className="tabular text-xs text-slate-600">{contact.displayNumber}</p>
      </div>
      {/* Narrow screens: a card, name and Call on top, the badge and the reason below. */}
      <div role="gridcell" className="col-start-1 row-start-2 sm:col-auto sm:row-auto">
        <PermissionBadge contact={contact} now={now} />
      </div>
      <div role="gridcell" className="col-span-2 min-w-0 text-xs empty:hidden sm:col-span-1 sm:empty:block">
        {refusal ? (
          <p id={reasonId} data-testid="row-call-refusal" title={refusal} className="truncate text-slate-600">
            {refusal}
          </p>
        ) : streak.nextUnansweredRevokes ? (
          <p id={reasonId} className="flex items-center gap-1 truncate font-medium text-amber-900">
            <TriangleAlert aria-hidden="true" className="size-3.5 shrink-0 text-amber-600" />
            Next unanswered call revokes permission
          </p>
        ) : streak.reconsiderSent ? (
          <p className="truncate text-slate-600">{streak.count} unanswered in a row</p>
        ) : null}
      </div>
      <div role="gridcell" className="col-start-2 row-start-1 sm:col-auto sm:row-auto">
        <Button
          size="sm"
          variant="primary"
          aria-label={`Call ${contact.name}`}
          aria-describedby={refusal || streak.nextUnansweredRevokes ? reasonId : undefined}
          data-testid="call-contact"
          icon={<Phone aria-hidden="true" className="size-3.5" />}
          disabled={!canDial || !call.allowed}
          title={!canDial && call.allowed ? 'Finish the current call first' : undefined}
          onClick={() => dial({ contact, businessNumberId: line.id })}
        >
          Call
        </Button>
      </div>
    </div>
  );
}
