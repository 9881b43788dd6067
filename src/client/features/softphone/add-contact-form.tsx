/**
 * "Add contact": a number as the agent types it (any formatting, with the country code) and an
 * optional name. Keyboard-first: the number field takes focus, Enter adds, Escape closes. The
 * server validates the number; its message shows beside the field and nothing typed is lost.
 */
import { UserPlus } from 'lucide-react';
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { BusinessNumber } from '../../../shared/agent-api.ts';
import { Button } from '../../components/ui/button.tsx';
import { useAddContact } from './api.ts';

interface AddContactFormProps {
  line: BusinessNumber;
  /** The contact was added (or already existed): select it. */
  onAdded: (waId: string) => void;
  onClose: () => void;
}

export function AddContactForm({ line, onAdded, onClose }: AddContactFormProps) {
  const add = useAddContact();
  const [number, setNumber] = useState('');
  const [name, setName] = useState('');
  const numberRef = useRef<HTMLInputElement>(null);
  const errorId = useId();
  const hintId = useId();

  useEffect(() => numberRef.current?.focus(), []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!number.trim() || add.isPending) return;
    add.mutate({ number, name, businessNumberId: line.id }, {
      onSuccess: (contact) => {
        onAdded(contact.waId);
        onClose();
      },
    });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    // Keep the softphone's single-key shortcuts out of the form.
    e.stopPropagation();
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    }
  };
  const error = add.error?.message ?? null;

  return (
    <form aria-label="Add contact" data-testid="add-contact" onSubmit={submit} onKeyDown={onKeyDown} className="flex flex-wrap items-start gap-2 border-b border-slate-200 bg-slate-50 px-3 py-2">
      <label className="flex flex-col text-xs font-medium text-slate-700">
        Number
        <input
          ref={numberRef}
          type="tel"
          inputMode="tel"
          autoComplete="off"
          required
          value={number}
          onChange={(e) => setNumber(e.target.value)}
          placeholder="+55 11 91234 5678"
          aria-invalid={error !== null}
          aria-describedby={error ? errorId : hintId}
          className="tabular mt-0.5 h-8 w-52 rounded-md border border-slate-300 px-2 text-sm font-normal aria-invalid:border-rose-600"
        />
      </label>
      <label className="flex flex-col text-xs font-medium text-slate-700">
        Name <span className="sr-only">(optional)</span>
        <input
          type="text"
          autoComplete="off"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="Optional"
          className="mt-0.5 h-8 w-44 rounded-md border border-slate-300 px-2 text-sm font-normal"
        />
      </label>
      <div className="mt-4 flex gap-2">
        <Button type="submit" variant="primary" icon={<UserPlus aria-hidden="true" className="size-4" />} disabled={!number.trim() || add.isPending}>
          {add.isPending ? 'Adding…' : 'Add'}
        </Button>
        <Button onClick={onClose}>Cancel</Button>
      </div>
      {error ? (
        <p id={errorId} role="alert" data-testid="add-contact-error" className="basis-full text-xs text-rose-800">
          {error}
        </p>
      ) : (
        <p id={hintId} className="basis-full text-xs text-slate-600">
          With the country code. Then ask for permission or call from the panel.
        </p>
      )}
    </form>
  );
}
