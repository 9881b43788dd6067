import '@testing-library/jest-dom/vitest';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Contact } from '../../../shared/agent-api.ts';
import { describeRefusal } from '../../../shared/policy/describe.ts';
import { createFakes, flush } from '../../call/testing/fakes.ts';
import { formatInstant } from '../../lib/format.ts';
import { notifications } from '../../lib/notifications.ts';
import { PreCallPanel } from './precall-panel.tsx';
import { brLine, contactFrom, DAY, HOUR, ledger, metaAnswer, MINUTE, Providers, T0, testQueryClient, usWaId } from './testing/policy-world.tsx';

const fmt = (ms: number) => formatInstant(ms, T0);

function renderPanel(contact: Contact) {
  const f = createFakes();
  const client = testQueryClient([contact]);
  render(
    <Providers client={client} controller={f.controller}>
      <PreCallPanel contact={contact} line={brLine} now={T0} />
    </Providers>,
  );
  return { f, client, panel: screen.getByRole('region', { name: `Before you call ${contact.name}` }) };
}

/** Granted two days ago, `n` connected calls one hour apart, the latest one hour ago. */
function withCalls(n: number): Contact {
  const calls = Array.from({ length: n }, (_, i) => ledger.connected(T0 - (n - i) * HOUR));
  return contactFrom({ name: 'Gabriel Costa', waId: '5561991234567', entries: [ledger.accepted(T0 - 2 * DAY, true), ...calls] });
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  notifications.setState({ notices: [] });
});

describe('PreCallPanel: calls and quota', () => {
  it('shows calls left and when the next one frees, with an enabled Call button', () => {
    const contact = withCalls(3);
    const { panel } = renderPanel(contact);
    expect(within(panel).getByTestId('quota-calls')).toHaveTextContent(`7 of 10 calls left in 24 h · next frees at ${fmt(T0 - 3 * HOUR + DAY)}`);
    const meter = within(panel).getByRole('meter', { name: 'Connected calls used' });
    expect(meter).toHaveAttribute('aria-valuenow', '3');
    expect(meter).toHaveAttribute('aria-valuemax', '10');
    expect(within(panel).getByRole('button', { name: 'Place call to Gabriel Costa' })).toBeEnabled();
    expect(within(panel).queryByTestId('call-refusal')).not.toBeInTheDocument();
    expect(within(panel).getByTestId('call-allowed')).toHaveTextContent('Calling is possible now.');
  });

  it('disables Call at the daily limit and says when the next call is possible (138012)', () => {
    const contact = withCalls(10);
    const { panel } = renderPanel(contact);
    const frees = T0 - 10 * HOUR + DAY;
    const refusal = within(panel).getByTestId('call-refusal');
    expect(refusal).toHaveAttribute('data-code', '138012');
    expect(refusal).toHaveTextContent(`Daily limit reached: 10 of 10 connected calls in the last 24 hours. The next call is possible at ${fmt(frees)}.`);
    // The sentence is exactly the shared policy's, not a rewording.
    expect(refusal.textContent).toBe(describeRefusal(contact.eligibility.call.refusals[0]!, fmt));
    const call = within(panel).getByRole('button', { name: 'Place call to Gabriel Costa' });
    expect(call).toBeDisabled();
    expect(call).toHaveAccessibleDescription(expect.stringContaining('Daily limit reached'));
    expect(within(panel).getByTestId('quota-calls')).toHaveTextContent(`0 of 10 calls left in 24 h · next frees at ${fmt(frees)}`);
  });

  it('names the country restriction (138013) and disables Call', () => {
    const contact = contactFrom({ name: 'Ana Souza', waId: '5511912345678', entries: [ledger.accepted(T0 - DAY, true)], businessWaId: usWaId });
    const { panel } = renderPanel(contact);
    expect(within(panel).getByTestId('call-refusal')).toHaveAttribute('data-code', '138013');
    expect(within(panel).getByTestId('country')).toHaveAttribute('data-allowed', 'false');
    expect(within(panel).getByText('United States (US)')).toBeInTheDocument();
    expect(within(panel).getByRole('button', { name: 'Place call to Ana Souza' })).toBeDisabled();
  });
});

describe('PreCallPanel: unanswered streak', () => {
  const streak = (n: number) =>
    contactFrom({
      name: 'Helena Dias',
      waId: '5571981234567',
      entries: [ledger.accepted(T0 - 10 * DAY, true), ...Array.from({ length: n }, (_, i) => ledger.unanswered(T0 - (n - i) * HOUR))],
    });

  it('says WhatsApp asked the customer to reconsider and how many more revoke', () => {
    const { panel } = renderPanel(streak(2));
    const text = within(panel).getByTestId('streak');
    expect(text).toHaveTextContent('2 unanswered in a row — WhatsApp has asked this customer to reconsider; 2 more and permission is revoked');
    expect(text).toHaveAttribute('data-tone', 'notice');
  });

  it('warns when the next unanswered call revokes, and asks before calling', async () => {
    const { f, panel } = renderPanel(streak(3));
    expect(within(panel).getByTestId('streak')).toHaveAttribute('data-tone', 'warning');
    expect(within(panel).getByTestId('streak')).toHaveTextContent('3 unanswered in a row — WhatsApp has asked this customer to reconsider; 1 more and permission is revoked');

    const call = within(panel).getByRole('button', { name: 'Place call to Helena Dias' });
    call.focus();
    fireEvent.click(call);
    const dialog = screen.getByRole('dialog', { name: 'Call may revoke permission' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(dialog).toHaveTextContent('If Helena Dias does not answer, WhatsApp will revoke the permission to call this customer. Call anyway?');
    const anyway = within(dialog).getByRole('button', { name: 'Call anyway' });
    expect(anyway).toHaveFocus();

    // Tab stays inside the dialog.
    fireEvent.keyDown(anyway, { key: 'Tab' });
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    fireEvent.keyDown(within(dialog).getByRole('button', { name: 'Cancel' }), { key: 'Tab', shiftKey: true });
    expect(anyway).toHaveFocus();

    // Escape cancels: nothing dialed, focus back on the Call button.
    fireEvent.keyDown(anyway, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(call).toHaveFocus();
    expect(f.media.getMic).not.toHaveBeenCalled();

    // Call anyway dials.
    fireEvent.click(call);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Call anyway' }));
      await flush();
    });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(f.api.placeCall).toHaveBeenCalledWith(expect.objectContaining({ waId: '5571981234567', businessNumberId: brLine.id }));
  });

  it('dials without asking when one more unanswered call would not revoke', async () => {
    const { f, panel } = renderPanel(streak(1));
    await act(async () => {
      fireEvent.click(within(panel).getByRole('button', { name: 'Place call to Helena Dias' }));
      await flush();
    });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(f.api.placeCall).toHaveBeenCalledTimes(1);
  });

  it('refuses after the revoke with the streak named, and no dial is possible', () => {
    const { panel } = renderPanel(streak(4));
    expect(within(panel).getByTestId('streak')).toHaveAttribute('data-tone', 'danger');
    expect(within(panel).getByTestId('call-refusal')).toHaveTextContent(/WhatsApp revoked the customer's permission at .* after 4 unanswered calls in a row/);
    expect(within(panel).getByRole('button', { name: 'Place call to Helena Dias' })).toBeDisabled();
  });
});

describe('PreCallPanel: permission requests', () => {
  function stubRequest(via: 'free_form' | 'template') {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ ok: true, via }), { status: 200, headers: { 'content-type': 'application/json' } }));
    vi.stubGlobal('fetch', fetch);
    return fetch;
  }

  it('sends free-form inside the customer-service window', async () => {
    const contact = contactFrom({ name: 'Carla Mendes', waId: '5531987651234', entries: [], serviceWindowOpenUntil: T0 + 5 * HOUR });
    const { panel } = renderPanel(contact);
    expect(within(panel).getByRole('button', { name: 'Place call to Carla Mendes' })).toBeDisabled();
    expect(within(panel).getByTestId('call-refusal')).toHaveAttribute('data-code', '138006');
    const via = within(panel).getByTestId('request-via');
    expect(via).toHaveAttribute('data-via', 'free_form');
    expect(via).toHaveTextContent(`free-form message: the customer-service window is open until ${fmt(T0 + 5 * HOUR)}`);

    const fetch = stubRequest('free_form');
    await act(async () => {
      fireEvent.click(within(panel).getByTestId('request-permission'));
      await flush();
    });
    expect(fetch).toHaveBeenCalledWith('/api/contacts/5531987651234/permission-request', expect.objectContaining({ method: 'POST', body: JSON.stringify({ businessNumberId: brLine.id }) }));
    expect(notifications.getState().notices.at(-1)?.message).toContain('as a free-form message');
  });

  it('sends the template outside the window, then the daily budget says when the next is possible', () => {
    const open = contactFrom({ name: 'Frank Ward', waId: '447700900123', entries: [] });
    const first = renderPanel(open);
    expect(within(first.panel).getByTestId('request-via')).toHaveAttribute('data-via', 'template');
    expect(within(first.panel).getByTestId('request-via')).toHaveTextContent('it opens when the customer messages or calls');
    expect(within(first.panel).getByTestId('request-permission')).toBeEnabled();
    cleanup();

    const sentAt = T0 - 2 * HOUR;
    const used = contactFrom({ name: 'Frank Ward', waId: '447700900123', entries: [ledger.requested(sentAt)] });
    const { panel } = renderPanel(used);
    expect(within(panel).getByTestId('request-budget')).toHaveTextContent('1/1 today · 1/2 this week1 of 1 requests used today, 1 of 2 this week');
    const button = within(panel).getByTestId('request-permission');
    expect(button).toBeDisabled();
    const refusal = within(panel).getByTestId('request-refusal');
    expect(refusal).toHaveTextContent(`Daily request limit reached: 1 of 1 permission request in the last 24 hours. The next request is possible at ${fmt(sentAt + DAY)}`);
    expect(button).toHaveAccessibleDescription(refusal.textContent ?? '');
    expect(within(panel).getByTestId('pending-request')).toHaveTextContent(`Request sent ${fmt(sentAt)}`);
    expect(within(panel).getByTestId('permission-badge')).toHaveAttribute('data-status', 'requested');
  });

  it('waits after a decline, naming the time', () => {
    const declinedAt = T0 - 30 * MINUTE;
    const contact = contactFrom({ name: 'Diego Alves', waId: '5541976543210', entries: [ledger.declined(declinedAt)] });
    const { panel } = renderPanel(contact);
    expect(within(panel).getByTestId('request-refusal')).toHaveTextContent(`The next request is possible at ${fmt(declinedAt + DAY)}`);
    expect(within(panel).getByTestId('permission-badge')).toHaveAttribute('data-status', 'declined');
  });
});

describe("PreCallPanel: WhatsApp's answer decides", () => {
  const granted = [ledger.accepted(T0 - DAY)];

  it('follows WhatsApp’s "no permission" over the estimate: no Call, WhatsApp named as the source, the difference explained', () => {
    const none = metaAnswer(T0 - MINUTE, { permission: { status: 'no_permission', expiresAt: null }, call: { allowed: false, day: { used: 0, max: 10, windowMs: DAY, freesAt: null }, week: null } });
    const contact = contactFrom({ name: 'Ana Souza', waId: '5511912345678', entries: granted, answer: none });
    const { panel } = renderPanel(contact);
    expect(within(panel).getByRole('button', { name: 'Place call to Ana Souza' })).toBeDisabled();
    const refusal = within(panel).getByTestId('call-refusal');
    expect(refusal).toHaveAttribute('data-reason', 'whatsapp_refused');
    expect(refusal).toHaveTextContent(`WhatsApp's answer at ${fmt(T0 - MINUTE)}: The customer has not allowed calls from this business.`);
    expect(within(panel).getByTestId('permission-basis')).toHaveAttribute('data-basis', 'whatsapp');
    expect(within(panel).getByTestId('permission-badge')).toHaveAttribute('data-status', 'none');
    const meta = within(panel).getByTestId('meta-answer');
    expect(meta).toHaveTextContent('No permission · cannot call · can request · 0 of 10 calls used');
    expect(within(meta).getByTestId('meta-holds')).toHaveTextContent('it decides until something newer happens');
    expect(within(meta).getByTestId('meta-disagrees')).toHaveTextContent('differs from Ringside’s estimate on permission, whether you can call. WhatsApp’s answer is the one that counts.');
  });

  it('shows WhatsApp’s quota, labelled as WhatsApp’s figures, and our estimate labelled as such otherwise', () => {
    const busy = metaAnswer(T0 - MINUTE, { call: { allowed: true, day: { used: 3, max: 100, windowMs: DAY, freesAt: null }, week: null } });
    const { panel } = renderPanel(contactFrom({ name: 'Igor Santos', waId: '5581971234567', entries: granted, answer: busy }));
    expect(within(panel).getByTestId('calls-basis')).toHaveTextContent('WhatsApp’s figures');
    expect(within(panel).getByTestId('quota-calls')).toHaveTextContent('97 of 100 calls left in 24 h');
    expect(within(panel).getByRole('meter', { name: 'Connected calls used' })).toHaveAttribute('aria-valuemax', '100');
    cleanup();
    const { panel: estimated } = renderPanel(contactFrom({ name: 'Igor Santos', waId: '5581971234567', entries: granted }));
    expect(within(estimated).getByTestId('calls-basis')).toHaveTextContent('Ringside’s estimate');
    expect(within(estimated).getByTestId('quota-calls')).toHaveTextContent('10 of 10 calls left in 24 h');
  });

  it('lets the call the estimate refuses when WhatsApp says the customer allows calls', () => {
    const { panel } = renderPanel(contactFrom({ name: 'Carla Mendes', waId: '5531987651234', entries: [], answer: metaAnswer(T0 - MINUTE) }));
    expect(within(panel).getByRole('button', { name: 'Place call to Carla Mendes' })).toBeEnabled();
    expect(within(panel).getByTestId('permission-detail')).toHaveTextContent(`WhatsApp says calls are allowed for now · expires ${fmt(T0 - MINUTE + 6 * DAY)}.`);
  });

  it('turns the contact to "not callable" after WhatsApp refused a call, with Meta’s reason', () => {
    const refusal = { at: T0 - 2 * MINUTE, action: 'call' as const, code: 138006, message: '(#138006) No approved call permission from the recipient' };
    const { panel } = renderPanel(contactFrom({ name: 'Igor Santos', waId: '5581971234567', entries: granted, refusals: [refusal] }));
    expect(within(panel).getByRole('button', { name: 'Place call to Igor Santos' })).toBeDisabled();
    expect(within(panel).getByTestId('call-refusal')).toHaveTextContent(`WhatsApp refused at ${fmt(T0 - 2 * MINUTE)}: The customer has not allowed calls from this business.`);
    const line = within(panel).getByTestId('meta-refusal');
    expect(line).toHaveAttribute('data-holds', 'true');
    expect(line).toHaveTextContent('WhatsApp refused the last call at');
    expect(line).toHaveTextContent('“(#138006) No approved call permission from the recipient”');
  });

  it('says when WhatsApp’s answer could not be read, and keeps to the estimate', () => {
    const { panel } = renderPanel(contactFrom({ name: 'Carla Mendes', waId: '5531987651234', entries: [], unreadable: { fetchedAt: T0 - MINUTE, problem: 'permission.status: Invalid option' } }));
    expect(within(panel).getByTestId('meta-unreadable')).toHaveTextContent(`Could not read WhatsApp’s answer (checked ${fmt(T0 - MINUTE)}). Ringside’s estimate applies`);
    expect(within(panel).getByTestId('call-refusal')).toHaveAttribute('data-reason', 'no_permission');
    expect(within(panel).getByRole('button', { name: 'Check again with WhatsApp' })).toBeEnabled();
  });

  it('says when a newer event superseded WhatsApp’s answer', () => {
    const contact = contactFrom({ name: 'Diego Alves', waId: '5541976543210', entries: [ledger.declined(T0 - 30 * MINUTE)], answer: metaAnswer(T0 - HOUR) });
    const { panel } = renderPanel(contact);
    expect(within(panel).getByTestId('meta-holds')).toHaveAttribute('data-holds', 'false');
    expect(within(panel).getByTestId('meta-holds')).toHaveTextContent('superseded by newer events; Ringside’s estimate applies again');
    expect(within(panel).queryByTestId('meta-disagrees')).not.toBeInTheDocument();
    expect(within(panel).getByTestId('permission-basis')).toHaveAttribute('data-basis', 'ringside');
  });

  it('offers to check with WhatsApp when not asked, and shows the answer', async () => {
    const contact = contactFrom({ name: 'Ana Souza', waId: '5511912345678', entries: granted });
    const fresh = contactFrom({ name: 'Ana Souza', waId: '5511912345678', entries: granted, answer: metaAnswer(T0) });
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(fresh), { status: 200 })));
    const { client } = renderPanel(contact);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Check with WhatsApp' }));
      await flush();
    });
    expect(client.getQueryData<Contact[]>(['contacts', brLine.id])?.[0]?.meta).toMatchObject({ status: 'temporary', holds: true });
  });

  it('shows the policy profile discreetly', () => {
    const { panel } = renderPanel(withCalls(0));
    expect(within(panel).getByTestId('policy-profile')).toHaveAttribute('data-profile', 'seed-2025');
    expect(within(panel).getByTestId('policy-profile')).toHaveTextContent('Limits: Seed documents (Nov 2025)');
  });
});

describe('PreCallPanel: where the permission came from', () => {
  it.each([
    ['request', false, `Granted by the customer from a request ${fmt(T0 - DAY)} · expires ${fmt(T0 + 6 * DAY)}.`],
    ['profile', true, `Allowed permanently by the customer from your WhatsApp profile since ${fmt(T0 - DAY)}.`],
    ['callback', false, `Granted by calling us ${fmt(T0 - DAY)}: the customer called, so WhatsApp allowed calls back · expires ${fmt(T0 + 6 * DAY)}.`],
  ] as const)('says a grant from %s', (origin, permanent, text) => {
    const accepted = { ...ledger.accepted(T0 - DAY, permanent), origin, ...(origin === 'callback' ? { source: 'automatic' as const } : {}) };
    const { panel } = renderPanel(contactFrom({ name: 'Bruno Lima', waId: '5521998765432', entries: [accepted] }));
    expect(within(panel).getByTestId('permission-detail')).toHaveAttribute('data-origin', origin);
    expect(within(panel).getByTestId('permission-detail')).toHaveTextContent(text);
  });
});

describe('PreCallPanel: WhatsApp’s restrictions on the line', () => {
  it('refuses calls and requests while business-initiated calling is paused, saying until when', () => {
    const until = T0 + 3 * DAY;
    const { panel } = renderPanel(contactFrom({ name: 'Igor Santos', waId: '5581971234567', entries: [ledger.accepted(T0 - DAY)], restrictions: [{ type: 'RESTRICTED_BUSINESS_INITIATED_CALLING', until }] }));
    expect(within(panel).getByTestId('call-refusal')).toHaveAttribute('data-code', '138014');
    expect(within(panel).getByTestId('call-refusal')).toHaveTextContent(`They become possible at ${fmt(until)}, when the restriction ends.`);
    expect(within(panel).getByTestId('request-permission')).toBeDisabled();
  });
});
