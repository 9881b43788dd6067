/** Server state of the softphone: query keys, query options and mutations, one place. */
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { Contact } from '../../../shared/agent-api.ts';
import { navigate } from '../../app/router.ts';
import { agentApi } from '../../lib/api-client.ts';
import { notify } from '../../lib/notifications.ts';
import { readableRows } from '../../lib/skipped-rows.ts';
import { sessionKeys } from '../../lib/session.ts';

export const softphoneKeys = {
  businessNumbers: ['business-numbers'] as const,
  contactsAll: ['contacts'] as const,
  contacts: (businessNumberId: string) => ['contacts', businessNumberId] as const,
  calls: ['calls'] as const,
};

export const businessNumbersQueryOptions = () =>
  queryOptions({
    queryKey: softphoneKeys.businessNumbers,
    queryFn: async () => readableRows('business lines', await agentApi.getBusinessNumbers()),
    staleTime: 5 * 60_000,
    meta: { errorTitle: 'Could not load business lines' },
  });

export const contactsQueryOptions = (businessNumberId: string) =>
  queryOptions({
    queryKey: softphoneKeys.contacts(businessNumberId),
    queryFn: async () => readableRows('contacts', await agentApi.getContacts(businessNumberId)),
    meta: { errorTitle: 'Could not load contacts' },
  });

export const callsQueryOptions = () =>
  queryOptions({ queryKey: softphoneKeys.calls, queryFn: async () => readableRows('recent calls', await agentApi.getCalls()), meta: { errorTitle: 'Could not load recent calls' } });

const viaText = {
  free_form: 'as a free-form message (the customer-service window is open)',
  template: 'with the call permission template (no customer-service window is open)',
} as const;

/** Sends a call permission request; the server picks free-form or template from the service window. */
export function useRequestPermission() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ contact, businessNumberId }: { contact: Contact; businessNumberId: string }) => agentApi.requestPermission(contact.waId, businessNumberId),
    onSuccess: ({ via }, { contact }) => {
      notify({ tone: 'success', title: 'Permission request sent', message: `Sent to ${contact.name} ${viaText[via]}. They can allow calls on WhatsApp.` });
    },
    // Sent or refused, the ledger may have moved (and a refusal means our estimate was behind).
    onSettled: (_result, _err, { businessNumberId }) => void client.invalidateQueries({ queryKey: softphoneKeys.contacts(businessNumberId) }),
    meta: { errorTitle: 'Could not ask for call permission' },
  });
}

/**
 * Adds a contact by number (validated on the server). Errors are not toasted: the form shows them
 * beside the number, which stays as typed.
 */
export function useAddContact() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ number, name, businessNumberId }: { number: string; name: string; businessNumberId: string }) =>
      agentApi.createContact({ number, businessNumberId, ...(name.trim() ? { name: name.trim() } : {}) }),
    onSuccess: (contact, { businessNumberId }) => {
      notify({ tone: 'success', title: 'Contact added', message: `${contact.name} is in your contacts. You can ask for permission or call from the panel.` });
      void client.invalidateQueries({ queryKey: softphoneKeys.contacts(businessNumberId) });
    },
  });
}

/** Asks WhatsApp's own `call_permissions` for a contact and puts the answer (`meta`) in the cache. */
export function useRefreshPermission() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ contact, businessNumberId }: { contact: Contact; businessNumberId: string }) => agentApi.refreshPermissionStatus(contact.waId, businessNumberId),
    onSuccess: (fresh, { businessNumberId }) => {
      const key = softphoneKeys.contacts(businessNumberId);
      // Keep the list's fetch time: the policy clock (contact-policy.ts) is anchored on it.
      const updatedAt = client.getQueryState(key)?.dataUpdatedAt;
      client.setQueryData(key, (list: Contact[] | undefined) => list?.map((c) => (c.waId === fresh.waId ? fresh : c)), updatedAt ? { updatedAt } : undefined);
    },
    meta: { errorTitle: 'Could not check with WhatsApp' },
  });
}

export function useSignOut(beforeSignOut: () => Promise<void>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      await beforeSignOut();
      await agentApi.signOut();
    },
    onSuccess: () => {
      client.clear();
      client.setQueryData(sessionKeys.me, null);
      navigate('/sign-in', { replace: true });
    },
    meta: { errorTitle: 'Could not sign out' },
  });
}
