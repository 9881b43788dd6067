import type { Basis } from '../../../shared/agent-api.ts';
import { basisLabel } from './contact-policy.ts';

const short: Record<Basis, string> = { whatsapp: 'WhatsApp', ringside: 'Estimate' };

/**
 * Whose figures a section shows: WhatsApp's own (a fact that still holds) or Ringside's estimate.
 * A one-word pill to keep the headings on one line; the full label is what assistive tech reads.
 */
export function BasisTag({ basis, testId }: { basis: Basis; testId: string }) {
  return (
    <span
      data-testid={testId}
      data-basis={basis}
      title={basisLabel[basis]}
      className={`rounded px-1 text-[10px] leading-4 font-semibold tracking-wide whitespace-nowrap uppercase ${basis === 'whatsapp' ? 'bg-emerald-50 text-emerald-800 ring-1 ring-emerald-200' : 'text-slate-500 ring-1 ring-slate-200'}`}
    >
      <span aria-hidden="true">{short[basis]}</span>
      <span className="sr-only">{basisLabel[basis]}</span>
    </span>
  );
}
