import '@testing-library/jest-dom/vitest';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createRef, useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Contact } from '../../../shared/agent-api.ts';
import { createFakes, flush } from '../../call/testing/fakes.ts';
import { ContactsPanel } from './contacts-panel.tsx';
import { PreCallSlot } from './precall-panel.tsx';
import { brLine, contactFrom, DAY, HOUR, ledger, Providers, T0, testQueryClient } from './testing/policy-world.tsx';

/** A small line: every badge state the filters care about, each from a real ledger. */
function world(): Contact[] {
  return [
    contactFrom({ name: 'Ana Souza', waId: '5511912345678', entries: [ledger.accepted(T0 - 6 * DAY)] }), // temporary, 1 day left
    contactFrom({ name: 'Bruno Lima', waId: '5521998765432', entries: [ledger.accepted(T0 - 30 * DAY, true)] }), // permanent
    contactFrom({ name: 'Carla Mendes', waId: '5531987651234', entries: [] }), // none
    contactFrom({ name: 'Diego Alves', waId: '5541976543210', entries: [ledger.declined(T0 - 2 * DAY)] }), // declined
    contactFrom({ name: 'Elena Rossi', waId: '393471234567', entries: [ledger.accepted(T0 - 8 * DAY)] }), // expired
    contactFrom({ name: 'Igor Santos', waId: '5581971234567', entries: [ledger.accepted(T0 - 2 * DAY)] }), // temporary, 5 days left
    contactFrom({
      name: 'Gabriel Costa',
      waId: '5561991234567',
      entries: [ledger.accepted(T0 - DAY, true), ...Array.from({ length: 10 }, (_, i) => ledger.connected(T0 - (10 - i) * HOUR))],
    }), // permanent, daily limit reached
  ];
}

function Harness() {
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <>
      <ContactsPanel line={brLine} filterRef={createRef()} selectedWaId={selected} onSelect={setSelected} />
      <PreCallSlot line={brLine} selectedWaId={selected} />
    </>
  );
}

function renderList(contacts = world()) {
  const f = createFakes();
  const client = testQueryClient(contacts);
  render(
    <Providers client={client} controller={f.controller}>
      <Harness />
    </Providers>,
  );
  return { f, client };
}

const names = () => screen.getAllByTestId('contact-row').map((row) => within(row).getAllByText(/\w/)[0]?.textContent);
const radio = (name: string) => screen.getByRole('radio', { name });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('ContactsPanel', () => {
  it('shows a permission badge per contact, with the temporary countdown', () => {
    renderList();
    const badge = (waId: string) => within(screen.getAllByTestId('contact-row').find((r) => r.dataset.waId === waId)!).getByTestId('permission-badge');
    expect(badge('5511912345678')).toHaveAttribute('data-status', 'temporary');
    expect(badge('5511912345678')).toHaveTextContent(/^Temporary · expires in (23 h|1 d)$/);
    expect(badge('5581971234567')).toHaveTextContent(/^Temporary · expires in (4|5) d$/);
    expect(badge('5521998765432')).toHaveTextContent('Permanent');
    expect(badge('5531987651234')).toHaveTextContent('No permission');
    expect(badge('5541976543210')).toHaveTextContent('Declined');
    expect(badge('393471234567')).toHaveTextContent('Expired');
  });

  it('filters: callable now, expiring soon, needs permission, each with its count', () => {
    renderList();
    const group = screen.getByRole('radiogroup', { name: 'Show contacts' });
    expect(radio('All')).toHaveAttribute('aria-checked', 'true');
    expect(radio('All')).toHaveAccessibleDescription('7 contacts');
    expect(radio('Callable now')).toHaveAccessibleDescription('3 contacts');
    expect(radio('Expiring soon')).toHaveAccessibleDescription('1 contact');
    expect(radio('Needs permission')).toHaveAccessibleDescription('3 contacts');

    fireEvent.click(radio('Callable now'));
    expect(names()).toEqual(['Ana Souza', 'Bruno Lima', 'Igor Santos']);
    fireEvent.click(radio('Expiring soon'));
    expect(names()).toEqual(['Ana Souza']);
    fireEvent.click(radio('Needs permission'));
    expect(names()).toEqual(['Carla Mendes', 'Diego Alves', 'Elena Rossi']);

    // Arrow keys move within the group (one Tab stop).
    expect(radio('Needs permission')).toHaveAttribute('tabindex', '0');
    fireEvent.keyDown(group, { key: 'ArrowRight' });
    expect(radio('All')).toHaveAttribute('aria-checked', 'true');
    expect(radio('All')).toHaveFocus();
    expect(names()).toHaveLength(7);
  });

  it('combines the filter with the text filter, and the counts follow the text', async () => {
    renderList();
    fireEvent.change(screen.getByRole('searchbox', { name: 'Filter contacts' }), { target: { value: 'a' } });
    fireEvent.click(radio('Needs permission'));
    await act(flush);
    // "a" matches every name here; narrow further.
    fireEvent.change(screen.getByRole('searchbox', { name: 'Filter contacts' }), { target: { value: 'diego' } });
    await act(flush);
    expect(names()).toEqual(['Diego Alves']);
    expect(radio('Callable now')).toHaveAccessibleDescription('0 contacts');
    fireEvent.click(radio('Callable now'));
    expect(screen.getByText('No contacts match “diego” in “Callable now”.')).toBeInTheDocument();
  });

  it('disables Call with the reason visible in the row, and selecting a row opens its panel', () => {
    renderList();
    const rows = screen.getAllByTestId('contact-row');
    const gabriel = rows.find((r) => r.dataset.waId === '5561991234567')!;
    const call = within(gabriel).getByRole('button', { name: 'Call Gabriel Costa' });
    expect(call).toBeDisabled();
    expect(within(gabriel).getByTestId('row-call-refusal')).toHaveTextContent(/^Daily limit reached: 10 of 10 connected calls/);
    expect(call).toHaveAccessibleDescription(expect.stringContaining('The next call is possible at'));
    expect(within(rows[0]!).getByRole('button', { name: 'Call Ana Souza' })).toBeEnabled();

    // The first contact's panel until the agent picks one.
    expect(rows[0]).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('region', { name: 'Before you call Ana Souza' })).toBeInTheDocument();
    fireEvent.click(gabriel);
    expect(gabriel).toHaveAttribute('aria-selected', 'true');
    expect(rows[0]).toHaveAttribute('aria-selected', 'false');
    const panel = screen.getByRole('region', { name: 'Before you call Gabriel Costa' });
    expect(within(panel).getByTestId('call-refusal')).toHaveAttribute('data-code', '138012');
  });

  it('moves with ↑/↓ (the focused row is selected), and ↓ from the text filter enters the list', () => {
    renderList();
    const filter = screen.getByRole('searchbox', { name: 'Filter contacts' });
    filter.focus();
    fireEvent.keyDown(filter, { key: 'ArrowDown' });
    const rows = () => screen.getAllByTestId('contact-row');
    expect(rows()[0]).toHaveFocus();
    fireEvent.keyDown(rows()[0]!, { key: 'ArrowDown' });
    expect(rows()[1]).toHaveFocus();
    expect(rows()[1]).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('region', { name: 'Before you call Bruno Lima' })).toBeInTheDocument();
    fireEvent.keyDown(rows()[1]!, { key: 'End' });
    expect(rows()[6]).toHaveFocus();
    fireEvent.keyDown(rows()[6]!, { key: 'ArrowUp' });
    expect(rows()[5]).toHaveAttribute('aria-selected', 'true');
    // One Tab stop: only the selected row is in the tab order.
    expect(rows().filter((r) => r.tabIndex === 0)).toEqual([rows()[5]]);
  });

  it('follows the contacts query: a refetch after a push (contact.updated) updates row and panel in place', async () => {
    const { client } = renderList();
    fireEvent.click(screen.getAllByTestId('contact-row').find((r) => r.dataset.waId === '5531987651234')!);
    const panel = screen.getByRole('region', { name: 'Before you call Carla Mendes' });
    expect(within(panel).getByRole('button', { name: 'Place call to Carla Mendes' })).toBeDisabled();

    // The customer accepted: the server's next answer carries the new ledger's eligibility.
    const next = world().map((c) => (c.waId === '5531987651234' ? contactFrom({ name: c.name, waId: c.waId, entries: [ledger.accepted(T0 - HOUR)] }) : c));
    act(() => void client.setQueryData(['contacts', brLine.id], next));
    // TanStack Query notifies observers on its own (timer) schedule.
    await waitFor(() => expect(within(panel).getByRole('button', { name: 'Place call to Carla Mendes' })).toBeEnabled());
    expect(within(panel).queryByTestId('call-refusal')).not.toBeInTheDocument();
    expect(within(panel).getByTestId('permission-badge')).toHaveAttribute('data-status', 'temporary');
    expect(radio('Callable now')).toHaveAccessibleDescription('4 contacts');
  });
});

describe('ContactsPanel: add contact by number', () => {
  const paula = contactFrom({ name: 'Paula Reis', waId: '5511988887777', entries: [] });
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  /** The server: refuses "12345", creates Paula, and lists her afterwards. */
  function stubServer() {
    let created = false;
    const fetch = vi.fn(async (url: string, init?: RequestInit) => {
      if (url === '/api/contacts' && init?.method === 'POST') {
        const body = JSON.parse(String(init.body)) as { number: string };
        if (body.number === '12345') return json({ error: { code: 'invalid_number', message: '"12345" is not a valid phone number. Type it in international form with the country code, e.g. +55 11 91234 5678.' } }, 400);
        created = true;
        return json(paula, 201);
      }
      if (url.startsWith('/api/contacts?')) return json(created ? [...world(), paula] : world());
      return json({ error: { code: 'not_found', message: url } }, 404);
    });
    vi.stubGlobal('fetch', fetch);
    return fetch;
  }

  it('opens a keyboard-first form, shows the server’s reason for a bad number keeping what was typed, then adds and selects the contact', async () => {
    const fetch = stubServer();
    renderList();
    const open = screen.getByRole('button', { name: 'Add contact' });
    fireEvent.click(open);
    expect(open).toHaveAttribute('aria-expanded', 'true');
    const form = screen.getByRole('form', { name: 'Add contact' });
    const number = within(form).getByRole('textbox', { name: 'Number' });
    expect(number).toHaveFocus();

    fireEvent.change(number, { target: { value: '12345' } });
    await act(async () => {
      fireEvent.submit(form);
      await flush();
    });
    expect(within(form).getByRole('alert')).toHaveTextContent('"12345" is not a valid phone number.');
    expect(number).toHaveValue('12345');
    expect(number).toHaveAttribute('aria-invalid', 'true');

    fireEvent.change(number, { target: { value: '+55 11 98888-7777' } });
    fireEvent.change(within(form).getByRole('textbox', { name: 'Name (optional)' }), { target: { value: 'Paula Reis' } });
    await act(async () => {
      fireEvent.submit(form);
      await flush();
    });
    expect(fetch).toHaveBeenCalledWith('/api/contacts', expect.objectContaining({ method: 'POST', body: JSON.stringify({ number: '+55 11 98888-7777', businessNumberId: brLine.id, name: 'Paula Reis' }) }));
    expect(screen.queryByRole('form', { name: 'Add contact' })).not.toBeInTheDocument();
    expect(open).toHaveFocus();
    await waitFor(() => expect(screen.getByRole('region', { name: 'Before you call Paula Reis' })).toBeInTheDocument());
    expect(screen.getAllByTestId('contact-row').find((r) => r.dataset.waId === '5511988887777')).toHaveAttribute('aria-selected', 'true');
  });

  it('closes on Escape without adding anything', () => {
    const fetch = stubServer();
    renderList();
    fireEvent.click(screen.getByRole('button', { name: 'Add contact' }));
    const number = screen.getByRole('textbox', { name: 'Number' });
    fireEvent.change(number, { target: { value: '+55 11 98888-7777' } });
    fireEvent.keyDown(number, { key: 'Escape' });
    expect(screen.queryByRole('form', { name: 'Add contact' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add contact' })).toHaveFocus();
    // Nothing added (the pre-dial panel may read the selected contact's timeline meanwhile).
    expect(fetch).not.toHaveBeenCalledWith('/api/contacts', expect.objectContaining({ method: 'POST' }));
  });
});
