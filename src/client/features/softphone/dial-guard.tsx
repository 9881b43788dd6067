/**
 * Every Call button goes through here. A call the policy refuses is never placed; a call that would
 * revoke the customer's permission if unanswered (`streak.nextUnansweredRevokes`) asks first.
 */
import { useQueryClient } from '@tanstack/react-query';
import { TriangleAlert } from 'lucide-react';
import { createContext, useCallback, useContext, useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import type { Contact } from '../../../shared/agent-api.ts';
import { Button } from '../../components/ui/button.tsx';
import { softphoneKeys } from './api.ts';
import { useCallController } from './call-context.tsx';

export interface DialRequest {
  contact: Contact;
  businessNumberId: string;
}

const DialContext = createContext<((request: DialRequest) => void) | null>(null);

/** The guarded dial: `dial({ contact, businessNumberId })`. */
export function useDial(): (request: DialRequest) => void {
  const dial = useContext(DialContext);
  if (!dial) throw new Error('useDial needs <DialGuardProvider>');
  return dial;
}

export function DialGuardProvider({ children }: { children: ReactNode }) {
  const controller = useCallController();
  const client = useQueryClient();
  const [pending, setPending] = useState<DialRequest | null>(null);
  const returnFocus = useRef<HTMLElement | null>(null);

  const place = useCallback(
    async ({ contact, businessNumberId }: DialRequest) => {
      await controller.dial({ waId: contact.waId, name: contact.name, displayNumber: contact.displayNumber, businessNumberId });
      // Refused by the server or by WhatsApp: our estimate was behind, fetch the ledger's view again.
      if (controller.store.getState().call.status === 'ended') void client.invalidateQueries({ queryKey: softphoneKeys.contacts(businessNumberId) });
    },
    [controller, client],
  );

  const dial = useCallback(
    (request: DialRequest) => {
      const { call, streak } = request.contact.eligibility;
      if (!call.allowed) return;
      if (streak.nextUnansweredRevokes) {
        returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
        setPending(request);
        return;
      }
      void place(request);
    },
    [place],
  );

  const close = (confirmed: boolean) => {
    const request = pending;
    setPending(null);
    returnFocus.current?.focus();
    if (confirmed && request) void place(request);
  };

  return (
    <DialContext.Provider value={dial}>
      {children}
      {pending && <ConfirmRevokeDialog contact={pending.contact} onConfirm={() => close(true)} onCancel={() => close(false)} />}
    </DialContext.Provider>
  );
}

const focusable = 'button:not(:disabled), [href], input:not(:disabled), [tabindex]:not([tabindex="-1"])';

/** A modal confirmation: focus starts on "Call anyway" (Enter), Escape cancels, Tab stays inside. */
function ConfirmRevokeDialog({ contact, onConfirm, onCancel }: { contact: Contact; onConfirm: () => void; onCancel: () => void }) {
  const titleId = useId();
  const bodyId = useId();
  const boxRef = useRef<HTMLDivElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const { count, revokeThreshold } = contact.eligibility.streak;

  useEffect(() => confirmRef.current?.focus(), []);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    // Keep the softphone's single-key shortcuts and the page behind out of a modal.
    e.stopPropagation();
    if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    } else if (e.key === 'Tab') {
      const items = [...(boxRef.current?.querySelectorAll<HTMLElement>(focusable) ?? [])];
      const first = items[0];
      const last = items.at(-1);
      if (!first || !last) return;
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    }
  };

  return createPortal(
    <div className="fixed inset-0 z-40 grid place-items-center bg-slate-900/40 p-4" onMouseDown={(e) => e.target === e.currentTarget && onCancel()}>
      <div
        ref={boxRef}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        data-testid="confirm-revoke"
        onKeyDown={onKeyDown}
        className="w-full max-w-md rounded-lg border border-amber-400 bg-white p-4 shadow-lg"
      >
        <h2 id={titleId} className="flex items-center gap-2 text-base font-semibold">
          <TriangleAlert aria-hidden="true" className="size-5 text-amber-600" />
          Call may revoke permission
        </h2>
        <div id={bodyId} className="mt-2 space-y-1.5">
          <p>If {contact.name} does not answer, WhatsApp will revoke the permission to call this customer. Call anyway?</p>
          <p className="text-xs text-slate-600">
            {count} calls in a row have gone unanswered; WhatsApp revokes permission at {revokeThreshold}. To call again after that, the customer has to grant permission again.
          </p>
        </div>
        <div className="mt-4 flex justify-end gap-2">
          <Button onClick={onCancel}>Cancel</Button>
          <Button ref={confirmRef} variant="primary" onClick={onConfirm}>
            Call anyway
          </Button>
        </div>
      </div>
    </div>,
    document.body,
  );
}
