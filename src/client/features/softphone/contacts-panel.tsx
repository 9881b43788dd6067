/**
 * The contact list: permission badges, the filters (callable now, expiring soon, needs permission)
 * combined with the text filter, and the Call button with the reason when it is disabled.
 * Keyboard: ↓ from the filter enters the list, ↑/↓/Home/End move, the focused row is the selected one.
 */
import { Phone, Search, TriangleAlert } from 'lucide-react';
import { useDeferredValue, useEffect, useId, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import type { BusinessNumber, Contact } from '../../../shared/agent-api.ts';
import { can } from '../../../shared/call.ts';
import { Button, Kbd } from '../../components/ui/button.tsx';
import { useCall } from './call-context.tsx';
import { contactFilters, firstRefusal, matchesText, nextBoundary, selectedContact, useLineContacts, type ContactFilterId } from './contact-policy.ts';
import { useDial } from './dial-guard.tsx';
import { PermissionBadge } from './permission-badge.tsx';

/** Refetch at most this long after a shown time passes; and at least this often when none is near. */
const BOUNDARY_SLACK_MS = 500;
const MAX_WAIT_MS = 30 * 60_000;

interface ContactsPanelProps {
  line: BusinessNumber | null;
  filterRef: Ref<HTMLInputElement>;
  selectedWaId: string | null;
  onSelect: (waId: string) => void;
}

export function ContactsPanel({ line, filterRef, selectedWaId, onSelect }: ContactsPanelProps) {
  const { query, contacts, now, offset } = useLineContacts(line);
  const [text, setText] = useState('');
  const [filterId, setFilterId] = useState<ContactFilterId>('all');
  const deferred = useDeferredValue(text);
  const gridRef = useRef<HTMLDivElement>(null);
  const { refetch } = query;

  // When a time the list or the panel shows passes (a quota frees, a permission expires), ask again.
  useEffect(() => {
    if (!contacts) return;
    const at = nextBoundary(contacts);
    if (at === null) return;
    const delay = Math.min(Math.max(at - (Date.now() + offset) + BOUNDARY_SLACK_MS, 1000), MAX_WAIT_MS);
    const timer = setTimeout(() => void refetch(), delay);
    return () => clearTimeout(timer);
  }, [contacts, offset, refetch]);

  const matching = contacts?.filter((c) => matchesText(c, deferred)) ?? [];
  const filter = contactFilters.find((f) => f.id === filterId) ?? contactFilters[0]!;
  const shown = matching.filter((c) => filter.test(c, now));
  const selected = contacts ? selectedContact(contacts, selectedWaId) : undefined;
  const tabStop = shown.some((c) => c.waId === selected?.waId) ? selected?.waId : shown[0]?.waId;

  const rows = () => [...(gridRef.current?.querySelectorAll<HTMLElement>('[role="row"]') ?? [])];
  const focusRow = (index: number) => {
    const list = rows();
    list[Math.max(0, Math.min(index, list.length - 1))]?.focus();
  };

  const onGridKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const list = rows();
    const current = list.findIndex((row) => row.contains(e.target as Node));
    if (current < 0) return;
    const move: Record<string, number> = { ArrowDown: current + 1, ArrowUp: current - 1, Home: 0, End: list.length - 1 };
    const to = move[e.key];
    if (to !== undefined) {
      e.preventDefault();
      focusRow(to);
    } else if ((e.key === 'Enter' || e.key === ' ') && e.target === list[current]) {
      e.preventDefault();
      const waId = list[current]?.dataset.waId;
      if (waId) onSelect(waId);
    }
  };

  return (
    <section aria-labelledby="contacts-title" className="flex min-h-0 flex-1 flex-col rounded-lg border border-slate-300 bg-white">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2 border-b border-slate-200 px-3 py-2">
        <h2 id="contacts-title" className="font-semibold">
          Contacts
          {contacts && <span className="ml-1.5 font-normal text-slate-600">{contacts.length}</span>}
        </h2>
        <FilterBar value={filterId} onChange={setFilterId} counts={Object.fromEntries(contactFilters.map((f) => [f.id, matching.filter((c) => f.test(c, now)).length]))} />
        <div className="relative ml-auto w-64">
          <Search aria-hidden="true" className="pointer-events-none absolute top-2 left-2 size-4 text-slate-500" />
          <input
            ref={filterRef}
            type="search"
            aria-label="Filter contacts"
            aria-keyshortcuts="/"
            data-testid="contact-filter"
            placeholder="Filter by name or number"
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                if (text) setText('');
                else e.currentTarget.blur();
              } else if (e.key === 'ArrowDown' && shown.length > 0) {
                e.preventDefault();
                focusRow(Math.max(0, shown.findIndex((c) => c.waId === selected?.waId)));
              }
            }}
            className="h-8 w-full rounded-md border border-slate-300 pr-7 pl-7 text-sm focus-visible:border-slate-900"
          />
          <Kbd className="absolute top-2 right-2 text-slate-500">/</Kbd>
        </div>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {query.isPending && line && <p className="p-3 text-slate-600">Loading contacts…</p>}
        {contacts && shown.length === 0 && (
          <p className="p-3 text-slate-600">{deferred.trim() ? `No contacts match “${deferred}”${filterId === 'all' ? '' : ` in “${filter.label}”`}.` : filter.empty}</p>
        )}
        {line && shown.length > 0 && (
          <div ref={gridRef} role="grid" aria-label="Contacts" aria-readonly="true" onKeyDown={onGridKeyDown} className="divide-y divide-slate-100">
            {shown.map((c) => (
              <ContactRow key={c.waId} contact={c} line={line} now={now} selected={c.waId === selected?.waId} tabbable={c.waId === tabStop} onSelect={onSelect} />
            ))}
          </div>
        )}
      </div>
    </section>
  );
}

/** The filters as a radio group: one Tab stop, ←/→ to change, counts beside each name. */
function FilterBar({ value, onChange, counts }: { value: ContactFilterId; onChange: (id: ContactFilterId) => void; counts: Record<string, number> }) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const countsId = useId();
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const index = contactFilters.findIndex((f) => f.id === value);
    const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
    if (step === 0) return;
    e.preventDefault();
    const next = (index + step + contactFilters.length) % contactFilters.length;
    onChange(contactFilters[next]!.id);
    refs.current[next]?.focus();
  };
  return (
    <div role="radiogroup" aria-label="Show contacts" data-testid="contact-filters" onKeyDown={onKeyDown} className="flex rounded-md border border-slate-300 bg-white p-0.5">
      {contactFilters.map((f, i) => {
        const checked = f.id === value;
        return (
          <button
            key={f.id}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="radio"
            aria-checked={checked}
            aria-label={f.label}
            aria-describedby={`${countsId}-${f.id}`}
            tabIndex={checked ? 0 : -1}
            onClick={() => onChange(f.id)}
            className="flex h-6 items-center gap-1.5 rounded px-2 text-xs font-medium text-slate-700 hover:bg-slate-100 aria-checked:bg-slate-800 aria-checked:text-white"
          >
            {f.label}
            <span aria-hidden="true" className={`tabular rounded px-1 text-[11px] ${checked ? 'bg-white/20' : 'bg-slate-100 text-slate-600'}`}>
              {counts[f.id] ?? 0}
            </span>
            <span id={`${countsId}-${f.id}`} className="sr-only">
              {counts[f.id] === 1 ? '1 contact' : `${counts[f.id] ?? 0} contacts`}
            </span>
          </button>
        );
      })}
    </div>
  );
}

interface ContactRowProps {
  contact: Contact;
  line: BusinessNumber;
  now: number;
  selected: boolean;
  tabbable: boolean;
  onSelect: (waId: string) => void;
}

function ContactRow({ contact, line, now, selected, tabbable, onSelect }: ContactRowProps) {
  const dial = useDial();
  const canDial = useCall((s) => can(s.call, 'dial'));
  const reasonId = useId();
  const { call, streak } = contact.eligibility;
  const refusal = firstRefusal(call.refusals, now);
  return (
    <div
      role="row"
      aria-selected={selected}
      tabIndex={tabbable ? 0 : -1}
      data-testid="contact-row"
      data-wa-id={contact.waId}
      onClick={() => onSelect(contact.waId)}
      onFocus={() => onSelect(contact.waId)}
      className="grid cursor-default grid-cols-[minmax(9rem,13rem)_11.5rem_minmax(0,1fr)_auto] items-center gap-3 px-3 py-1.5 -outline-offset-2 hover:bg-slate-50 aria-selected:bg-emerald-50 aria-selected:shadow-[inset_3px_0_0_var(--color-emerald-700)]"
    >
      <div role="gridcell" className="min-w-0">
        <p className="truncate font-medium">{contact.name}</p>
        <p className="tabular text-xs text-slate-600">{contact.displayNumber}</p>
      </div>
      <div role="gridcell">
        <PermissionBadge contact={contact} now={now} />
      </div>
      <div role="gridcell" className="min-w-0 text-xs">
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
      <div role="gridcell">
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
