/**
 * The contact list: permission badges, the filters (callable now, expiring soon, needs permission)
 * combined with the text filter, the Call button with the reason when it is disabled, and "Add
 * contact" by number.
 * Keyboard: ↓ from the filter enters the list, ↑/↓/Home/End move, the focused row is the selected one.
 */
import { Search, UserPlus } from 'lucide-react';
import { useDeferredValue, useEffect, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import type { BusinessNumber } from '../../../shared/agent-api.ts';
import { Button, Kbd } from '../../components/ui/button.tsx';
import { AddContactForm } from './add-contact-form.tsx';
import { FilterBar } from './contact-filter-bar.tsx';
import { contactFilters, matchesText, nextBoundary, selectedContact, useLineContacts, type ContactFilterId } from './contact-policy.ts';
import { ContactRow } from './contact-row.tsx';

/** Refetch at most this long after a shown time passes; and at least this often when none is near. */
const BOUNDARY_SLACK_MS = 500;
const MAX_WAIT_MS = 30 * 60_000;

interface ContactsPanelProps {
  line: BusinessNumber | null;
  filterRef: Ref<HTMLInputElement>;
  selectedWaId: string | null;
  onSelect: (waId: string) => void;
  /** The contacts the list shows now, filters applied (null until loaded). */
  onShown?: (waIds: readonly string[] | null) => void;
}

export function ContactsPanel({ line, filterRef, selectedWaId, onSelect, onShown }: ContactsPanelProps) {
  const { query, contacts, now, offset } = useLineContacts(line);
  const [text, setText] = useState('');
  const [filterId, setFilterId] = useState<ContactFilterId>('all');
  const deferred = useDeferredValue(text);
  const gridRef = useRef<HTMLDivElement>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  const [adding, setAdding] = useState(false);
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
  const shownKey = contacts ? shown.map((c) => c.waId).join(' ') : null;
  useEffect(() => onShown?.(shownKey === null ? null : shownKey ? shownKey.split(' ') : []), [shownKey, onShown]);
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
        <Button
          ref={addRef}
          size="sm"
          aria-expanded={adding}
          data-testid="add-contact-open"
          icon={<UserPlus aria-hidden="true" className="size-3.5" />}
          disabled={!line}
          onClick={() => setAdding((open) => !open)}
        >
          Add contact
        </Button>
      </div>
      {adding && line && (
        <AddContactForm
          line={line}
          onAdded={onSelect}
          onClose={() => {
            setAdding(false);
            addRef.current?.focus();
          }}
        />
      )}
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
