import type { Basis } from '../../../shared/agent-api.ts';
import { basisLabel } from './contact-policy.ts';

/** Whose figures a section shows: WhatsApp's own (a fact that still holds) or Ringside's estimate. */
export function BasisTag({ basis, testId }: { basis: Basis; testId: string }) {
  return (
    <span data-testid={testId} data-basis={basis} className={`text-[11px] whitespace-nowrap ${basis === 'whatsapp' ? 'font-medium text-emerald-800' : 'text-slate-500'}`}>
      {basisLabel[basis]}
    </span>
  );
}
