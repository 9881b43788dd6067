import { useId, useRef, type KeyboardEvent } from 'react';
import { contactFilters, type ContactFilterId } from './contact-policy.ts';

/** The filters as a radio group: one Tab stop, ←/→ to change, counts beside each name. */
export function FilterBar({ value, onChange, counts }: { value: ContactFilterId; onChange: (id: ContactFilterId) => void; counts: Record<string, number> }) {
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
