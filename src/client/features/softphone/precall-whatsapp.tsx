/**
 * The pre-dial panel's "WhatsApp's answer": Meta's latest `call_permissions` answer and whether it
 * still decides, an answer we could not read, WhatsApp's latest refusal, and "Check with WhatsApp".
 */
import { RefreshCw } from 'lucide-react';
import type { Contact, MetaPermissionView, MetaRefusalView } from '../../../shared/agent-api.ts';
import { Button } from '../../components/ui/button.tsx';
import { formatInstant } from '../../lib/format.ts';
import { useRefreshPermission } from './api.ts';
import { metaDisagreements } from './contact-policy.ts';
import type { PreCallPanelProps } from './precall-props.ts';

const metaStatusText: Record<MetaPermissionView['status'], string> = {
  no_permission: 'No permission',
  temporary: 'Temporary permission',
  permanent: 'Permanent permission',
};

function AnswerLines({ contact, meta, at }: { contact: Contact; meta: MetaPermissionView; at: (iso: string) => string }) {
  const differs = metaDisagreements(contact);
  return (
    <>
      <p className="text-slate-800">
        {metaStatusText[meta.status]}
        {meta.expiresAt && `, expires ${at(meta.expiresAt)}`} · {meta.canCall ? 'can call' : 'cannot call'} · {meta.canRequest ? 'can request' : 'cannot request'}
        {meta.callsUsed !== null && meta.callsMax !== null && ` · ${meta.callsUsed} of ${meta.callsMax} calls used`}
      </p>
      <p data-testid="meta-holds" data-holds={meta.holds} className="text-slate-500">
        Checked {at(meta.fetchedAt)}
        {meta.holds ? ' · it decides until something newer happens' : ' · superseded by newer events; Ringside’s estimate applies again'}
      </p>
      {meta.holds && differs.length > 0 && (
        <p data-testid="meta-disagrees" className="mt-1 font-medium text-amber-900">
          WhatsApp’s answer differs from Ringside’s estimate on {differs.join(', ')}. WhatsApp’s answer is the one that counts.
        </p>
      )}
    </>
  );
}

function RefusalLine({ refusal, at }: { refusal: MetaRefusalView; at: (iso: string) => string }) {
  const what = refusal.action === 'call' ? 'call' : 'permission request';
  return (
    <p data-testid="meta-refusal" data-code={refusal.code} data-holds={refusal.holds} className={refusal.holds ? 'mb-1 text-rose-800' : 'mb-1 text-slate-500'}>
      WhatsApp refused the last {what} at {at(refusal.at)}: “{refusal.metaMessage}”
      {refusal.holds ? '' : ' Cleared since by a newer answer, grant or connected call.'}
    </p>
  );
}

export function WhatsAppAnswer({ contact, line, now }: PreCallPanelProps) {
  const refresh = useRefreshPermission();
  const { meta, metaUnreadable, metaRefusal } = contact;
  const at = (iso: string) => formatInstant(Date.parse(iso), now);
  const asked = meta !== null || metaUnreadable !== null;
  return (
    <div data-testid="meta-answer" data-fetched={meta !== null} data-agrees={metaDisagreements(contact).length === 0} className="flex items-start gap-3">
      <div className="min-w-0 flex-1 text-xs leading-4">
        {metaRefusal && <RefusalLine refusal={metaRefusal} at={at} />}
        {metaUnreadable ? (
          <p data-testid="meta-unreadable" className="text-amber-900">
            Could not read WhatsApp’s answer (checked {at(metaUnreadable.fetchedAt)}). Ringside’s estimate applies; the answer is kept for support.
          </p>
        ) : meta ? (
          <AnswerLines contact={contact} meta={meta} at={at} />
        ) : (
          <p className="text-slate-600">Not checked yet: the panel shows Ringside’s own estimate.</p>
        )}
      </div>
      <Button
        size="sm"
        variant="secondary"
        aria-label={asked ? 'Check again with WhatsApp' : 'Check with WhatsApp'}
        icon={<RefreshCw aria-hidden="true" className={`size-3.5 ${refresh.isPending ? 'animate-spin' : ''}`} />}
        disabled={refresh.isPending}
        onClick={() => refresh.mutate({ contact, businessNumberId: line.id })}
      >
        {asked ? 'Check again' : 'Check with WhatsApp'}
      </Button>
    </div>
  );
}
