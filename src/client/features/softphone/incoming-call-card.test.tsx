import '@testing-library/jest-dom/vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useRef } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { BusinessNumber } from '../../../shared/agent-api.ts';
import type { CallController } from '../../call/call-controller.ts';
import { createFakes, fakeSdp, flush, summary } from '../../call/testing/fakes.ts';
import { CallControllerContext, useCall } from './call-context.tsx';
import { IncomingCallCard } from './incoming-call-card.tsx';
import { useSoftphoneHotkeys } from './shortcuts.tsx';

const lines: BusinessNumber[] = [{ id: 'bn-1', displayNumber: '+55 11 4000-1000', label: 'Ringside Support BR', profile: 'production', country: 'BR' }];

function Harness({ controller }: { controller: CallController }) {
  const filterRef = useRef<HTMLInputElement>(null);
  useSoftphoneHotkeys(controller, filterRef);
  return (
    <CallControllerContext.Provider value={controller}>
      <input aria-label="Filter contacts" ref={filterRef} />
      <Slot />
    </CallControllerContext.Provider>
  );
}

function Slot() {
  const call = useCall((s) => s.call);
  return call.status === 'incoming' ? <IncomingCallCard callId={call.callId} party={call.party} lines={lines} /> : <p>{call.status}</p>;
}

async function ringing() {
  const f = createFakes();
  render(<Harness controller={f.controller} />);
  await act(async () => {
    f.controller.handle({ type: 'call.incoming', call: summary({ id: 'u1' }), offerSdp: fakeSdp('meta-offer') });
    await flush();
  });
  return f;
}

afterEach(cleanup);

describe('IncomingCallCard', () => {
  it('is a labelled alert dialog with caller, number and line, and focuses Accept', async () => {
    await ringing();
    const card = screen.getByRole('alertdialog', { name: 'Incoming WhatsApp call' });
    expect(card).toHaveTextContent('Ana Souza');
    expect(card).toHaveTextContent('+55 11 91234 5678');
    expect(card).toHaveTextContent('to Ringside Support BR · +55 11 4000-1000');
    expect(screen.getByRole('button', { name: 'Accept' })).toHaveFocus();
    expect(screen.getByRole('button', { name: 'Accept' })).toHaveAttribute('aria-keyshortcuts', 'A');
    expect(screen.getByRole('button', { name: 'Decline' })).toHaveAttribute('aria-keyshortcuts', 'D');
  });

  it('accepts with A', async () => {
    const f = await ringing();
    await act(async () => {
      fireEvent.keyDown(window, { key: 'a' });
      await flush();
    });
    expect(f.api.accept).toHaveBeenCalledWith('u1', fakeSdp('agent-answer'));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });

  it('declines with D', async () => {
    const f = await ringing();
    await act(async () => {
      fireEvent.keyDown(window, { key: 'D' });
      await flush();
    });
    expect(f.api.reject).toHaveBeenCalledWith('u1');
    expect(screen.getByText('ended')).toBeInTheDocument();
  });

  it('never fires while typing in a field, nor with a modifier held', async () => {
    const f = await ringing();
    const input = screen.getByRole('textbox', { name: 'Filter contacts' });
    await act(async () => {
      fireEvent.keyDown(input, { key: 'a' });
      fireEvent.keyDown(window, { key: 'a', ctrlKey: true });
      fireEvent.keyDown(window, { key: 'd', metaKey: true });
      await flush();
    });
    expect(f.api.accept).not.toHaveBeenCalled();
    expect(f.api.reject).not.toHaveBeenCalled();
    expect(screen.getByRole('alertdialog')).toBeInTheDocument();
  });

  it('does not steal focus from a field the agent is typing in', async () => {
    const f = createFakes();
    render(<Harness controller={f.controller} />);
    const input = screen.getByRole('textbox', { name: 'Filter contacts' });
    input.focus();
    await act(async () => {
      f.controller.handle({ type: 'call.incoming', call: summary({ id: 'u1' }), offerSdp: fakeSdp('meta-offer') });
      await flush();
    });
    expect(input).toHaveFocus();
  });

  it('/ focuses the contact filter', async () => {
    await ringing();
    fireEvent.keyDown(window, { key: '/' });
    expect(screen.getByRole('textbox', { name: 'Filter contacts' })).toHaveFocus();
  });
});
