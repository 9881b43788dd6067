/**
 * For softphone component tests: contacts whose `eligibility` is computed by the shared policy from
 * a small ledger (never hand-written), and a harness with the providers the panels need.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { BusinessNumber, ClientConfig, Contact } from '../../../../shared/agent-api.ts';
import { buildContact } from '../../../../shared/contact-view.ts';
import { evaluatePair } from '../../../../shared/policy/evaluate.ts';
import type { LedgerEntry } from '../../../../shared/policy/ledger.ts';
import type { MetaAnswer, MetaRefusalFact } from '../../../../shared/policy/meta-facts.ts';
import { metaVerdict } from '../../../../shared/policy/meta-verdict.ts';
import { policyProfiles } from '../../../../shared/policy/profiles.ts';
import type { CallController } from '../../../call/call-controller.ts';
import { sessionKeys } from '../../../lib/session.ts';
import { softphoneKeys } from '../api.ts';
import { CallControllerContext } from '../call-context.tsx';
import { DialGuardProvider } from '../dial-guard.tsx';
import { deskKeys } from '../desk-api.ts';

/** Wed 14 Jan 2026 12:00 UTC. */
export const T0 = Date.UTC(2026, 0, 14, 12, 0, 0);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A Brazilian production line (business-initiated calls allowed under both profiles). */
export const brLine: BusinessNumber = { id: 'bn-br', displayNumber: '+55 11 4000-1000', label: 'Ringside Support BR', profile: 'production', country: 'BR' };
export const brWaId = '551140001000';
/** A US line: business-initiated calls are restricted (138013) under the seed profile. */
export const usWaId = '14155550100';

let seq = 0;
const id = (p: string) => `${p}.${++seq}`;

/** Ledger entry builders (unique ids). */
export const ledger = {
  requested: (at: number, via: 'free_form' | 'template' = 'template'): LedgerEntry => ({ type: 'permission_requested', id: id('req'), at, via }),
  accepted: (at: number, permanent = false): LedgerEntry => ({ type: 'permission_replied', id: id('reply'), at, response: 'accept', permanent, source: 'user_action' }),
  declined: (at: number): LedgerEntry => ({ type: 'permission_replied', id: id('reply'), at, response: 'reject', permanent: false, source: 'user_action' }),
  connected: (at: number): LedgerEntry => ({ type: 'call_connected', id: id('call'), at, direction: 'business_initiated' }),
  unanswered: (at: number): LedgerEntry => ({ type: 'call_unanswered', id: id('call'), at }),
};

export interface ContactSpec {
  name: string;
  waId: string;
  entries: LedgerEntry[];
  now?: number;
  /** End of the customer-service window, epoch ms. */
  serviceWindowOpenUntil?: number | null;
  businessWaId?: string;
  /** WhatsApp's `call_permissions` answer, read into our terms. */
  answer?: MetaAnswer;
  /** WhatsApp's answer when we could not read it. */
  unreadable?: { fetchedAt: number; problem: string };
  /** Graph refusals of our last call or request. */
  refusals?: MetaRefusalFact[];
  /** WhatsApp's restrictions on the line. */
  restrictions?: Array<{ type: string; until: number | null }>;
}

/**
 * A contact as the server sends it: the estimate from `evaluatePair` (seed-2025, production),
 * corrected by WhatsApp's facts through `metaVerdict`, shaped by `buildContact` — the server's path.
 */
export function contactFrom(spec: ContactSpec): Contact {
  const now = spec.now ?? T0;
  const profile = policyProfiles['seed-2025'];
  const estimate = evaluatePair({
    ledger: spec.entries,
    now,
    profile,
    tier: 'production',
    businessWaId: spec.businessWaId ?? brWaId,
    callingEnabled: true,
    serviceWindowOpenUntil: spec.serviceWindowOpenUntil ?? null,
    restrictions: spec.restrictions ?? [],
  });
  const answer = spec.answer ?? null;
  const refusals = spec.refusals ?? [];
  const verdict = metaVerdict({ estimate, ledger: spec.entries, answer, refusals, limits: profile.tiers.production, now });
  return buildContact({
    waId: spec.waId, name: spec.name, displayNumber: `+${spec.waId}`, country: 'BR', estimate, verdict, answer, refusals,
    unreadable: spec.unreadable ?? null, serviceWindowOpenUntil: spec.serviceWindowOpenUntil ?? null,
  });
}

/** WhatsApp's answer at `at`: temporary for 6 more days, 0 of 100 calls used, requests possible; override any part. */
export function metaAnswer(at: number, overrides: Partial<MetaAnswer> = {}): MetaAnswer {
  return {
    at,
    permission: { status: 'temporary', expiresAt: at + 6 * DAY },
    call: { allowed: true, day: { used: 0, max: 100, windowMs: DAY, freesAt: null }, week: null },
    request: { allowed: true, day: { used: 0, max: 1, windowMs: DAY, freesAt: null }, week: { used: 0, max: 2, windowMs: 7 * DAY, freesAt: null } },
    ...overrides,
  };
}

export const testConfig: ClientConfig = {
  mode: 'simulator',
  simulatorUrl: null,
  demoAccounts: [],
  policyProfile: { id: 'seed-2025', label: policyProfiles['seed-2025'].label },
};

export function testQueryClient(contacts: Contact[] = []): QueryClient {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } } });
  client.setQueryData(sessionKeys.config, testConfig);
  client.setQueryData(softphoneKeys.contacts(brLine.id), contacts);
  // The panels show each contact's timeline: empty here, so no test reaches for a server.
  for (const c of contacts) client.setQueryData(deskKeys.timeline(c.waId, brLine.id), []);
  return client;
}

export function Providers({ client, controller, children }: { client: QueryClient; controller: CallController; children: ReactNode }) {
  return (
    <QueryClientProvider client={client}>
      <CallControllerContext.Provider value={controller}>
        <DialGuardProvider>{children}</DialGuardProvider>
      </CallControllerContext.Provider>
    </QueryClientProvider>
  );
}
