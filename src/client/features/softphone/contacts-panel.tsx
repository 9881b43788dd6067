import { useQuery } from '@tanstack/react-query';
import { Phone, Search } from 'lucide-react';
import { useDeferredValue, useState, type Ref } from 'react';
import type { BusinessNumber, Contact } from '../../../shared/agent-api.ts';
import { can } from '../../../shared/call.ts';
import { formatWaId } from '../../../shared/phone-number.ts';
import { Button, Kbd } from '../../components/ui/button.tsx';
import { contactsQueryOptions, useRequestPermission } from './api.ts';
import { useCall, useCallController } from './call-context.tsx';
import { askable, PermissionBadge } from './permission-badge.tsx';

function matches(contact: Contact, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const digits = q.replace(/\D/g, '');
  return contact.name.toLowerCase().includes(q) || (digits.length > 0 && contact.waId.includes(digits));
}

export function ContactsPanel({ line, filterRef }: { line: BusinessNumber | null; filterRef: Ref<HTMLInputElement> }) {
  const contacts = useQuery({ ...contactsQueryOptions(line?.id ?? ''), enabled: line !== null });
  const [filter, setFilter] = useState('');
  const deferred = useDeferredValue(filter);
  const shown = contacts.data?.filter((c) => matches(c, deferred)) ?? [];

  return (
    <section aria-labelledby="contacts-title" className="flex min-h-0 flex-col rounded-lg border border-slate-300 bg-white">
      <div className="flex items-center gap-3 border-b border-slate-200 px-3 py-2">
        <h2 id="contacts-title" className="font-semibold">
          Contacts
          {contacts.data && <span className="ml-1.5 font-normal text-slate-600">{contacts.data.length}</span>}
        </h2>
        <div className="relative ml-auto w-72">
          <Search aria-hidden="true" className="pointer-events-none absolute top-2 left-2 size-4 text-slate-500" />
          <input
            ref={filterRef}
            type="search"
            aria-label="Filter contacts"
            aria-keyshortcuts="/"
            data-testid="contact-filter"
            placeholder="Filter by name or number"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                if (filter) setFilter('');
                else e.currentTarget.blur();
              }
            }}
            className="h-8 w-full rounded-md border border-slate-300 pr-7 pl-7 text-sm focus-visible:border-slate-900"
          />
          <Kbd className="absolute top-2 right-2 text-slate-500">/</Kbd>
        </div>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {contacts.isPending && line && <p className="p-3 text-slate-600">Loading contacts…</p>}
        {contacts.data && shown.length === 0 && (
          <p className="p-3 text-slate-600">{contacts.data.length === 0 ? 'No contacts for this line yet.' : `No contacts match “${deferred}”.`}</p>
        )}
        {line && shown.length > 0 && (
          <ul aria-label="Contacts" className="divide-y divide-slate-100">
            {shown.map((c) => (
              <ContactRow key={c.waId} contact={c} line={line} />
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

function ContactRow({ contact, line }: { contact: Contact; line: BusinessNumber }) {
  const controller = useCallController();
  const canDial = useCall((s) => can(s.call, 'dial'));
  const ask = useRequestPermission();
  return (
    <li data-testid="contact-row" data-wa-id={contact.waId} className="flex items-center gap-3 px-3 py-1.5 hover:bg-slate-50">
      <div className="min-w-0 flex-1">
        <p className="truncate font-medium">{contact.name}</p>
        <p className="tabular text-xs text-slate-600">{formatWaId(contact.waId)}</p>
      </div>
      <PermissionBadge permission={contact.permission} />
      <div className="flex w-36 justify-end gap-1.5">
        {askable.has(contact.permission.status) && (
          <Button
            size="sm"
            variant="ghost"
            aria-label={`Ask ${contact.name} for call permission`}
            disabled={ask.isPending}
            onClick={() => ask.mutate({ contact, businessNumberId: line.id })}
          >
            Ask
          </Button>
        )}
        <Button
          size="sm"
          variant="primary"
          aria-label={`Call ${contact.name}`}
          data-testid="call-contact"
          icon={<Phone aria-hidden="true" className="size-3.5" />}
          disabled={!canDial}
          title={canDial ? undefined : 'Finish the current call first'}
          onClick={() => void controller.dial({ waId: contact.waId, name: contact.name, businessNumberId: line.id })}
        >
          Call
        </Button>
      </div>
    </li>
  );
}
