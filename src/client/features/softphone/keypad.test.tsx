import '@testing-library/jest-dom/vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakes, flush, summary } from '../../call/testing/fakes.ts';
import { CallControllerContext } from './call-context.tsx';
import { CallPanel } from './call-panel.tsx';

afterEach(cleanup);

const ana = { waId: '5511912345678', name: 'Ana Souza', displayNumber: '+55 11 91234 5678', businessNumberId: 'bn-1' };

async function inCall() {
  const f = createFakes();
  render(
    <CallControllerContext.Provider value={f.controller}>
      <CallPanel lines={[]} />
    </CallControllerContext.Provider>,
  );
  await act(async () => {
    const dialing = f.controller.dial(ana);
    await flush();
    f.placeCall.resolve({ callId: 'c1' });
    await dialing;
    f.controller.handle({ type: 'call.updated', call: summary({ id: 'c1', direction: 'business_initiated', status: 'active' }) });
  });
  return f;
}

describe('Keypad', () => {
  it('opens from its button with focus on 1; keys and typed digits send DTMF, announced as sent', async () => {
    const f = await inCall();
    const toggle = screen.getByRole('button', { name: 'Keypad' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    fireEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const one = screen.getByRole('button', { name: '1' });
    expect(one).toHaveFocus();
    fireEvent.click(screen.getByRole('button', { name: 'Pound' }));
    fireEvent.keyDown(one, { key: '5' });
    fireEvent.keyDown(one, { key: 'x' });
    expect(f.sessions[0]?.dtmf).toEqual(['#', '5']);
    expect(screen.getByTestId('dtmf-sent')).toHaveTextContent('Sent #5');
  });

  it('digits typed outside the keypad send nothing', async () => {
    const f = await inCall();
    fireEvent.keyDown(document.body, { key: '5' });
    expect(f.sessions[0]?.dtmf).toEqual([]);
  });

  it('shows the quality strip with placeholders until the first sample', async () => {
    await inCall();
    expect(screen.getByTestId('quality-strip')).toHaveAttribute('data-measured', 'false');
    expect(screen.getByTestId('quality-mos')).toHaveTextContent('—');
  });
});
