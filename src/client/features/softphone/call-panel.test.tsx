import '@testing-library/jest-dom/vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { LevelMeter } from '../../components/ui/level-meter.tsx';
import { createFakes, fakeSdp, flush, summary } from '../../call/testing/fakes.ts';
import { CallControllerContext } from './call-context.tsx';
import { CallPanel } from './call-panel.tsx';

afterEach(cleanup);

describe('LevelMeter', () => {
  it('exposes an integer 0–100 meter to assistive tech', () => {
    const { rerender } = render(<LevelMeter label="Customer audio level" level={42.6} />);
    const meter = screen.getByRole('meter', { name: 'Customer audio level' });
    expect(meter).toHaveAttribute('aria-valuemin', '0');
    expect(meter).toHaveAttribute('aria-valuemax', '100');
    expect(meter).toHaveAttribute('aria-valuenow', '43');
    rerender(<LevelMeter label="Customer audio level" level={140} />);
    expect(meter).toHaveAttribute('aria-valuenow', '100');
  });
});

describe('CallPanel', () => {
  it('shows the live call, the customer audio level from the engine, and mute / hang up', async () => {
    const f = createFakes();
    render(
      <CallControllerContext.Provider value={f.controller}>
        <CallPanel lines={[]} />
      </CallControllerContext.Provider>,
    );
    expect(screen.getByTestId('call-status')).toHaveTextContent('No call');

    await act(async () => {
      f.controller.handle({ type: 'call.incoming', call: summary({ id: 'u1' }), offerSdp: fakeSdp('meta-offer') });
      await flush();
      const accepting = f.controller.accept();
      await flush();
      f.acceptResult.resolve({ ok: true });
      await accepting;
      f.sessions[0]?.emitRemote({ getAudioTracks: () => [] } as unknown as MediaStream);
      f.emitLevel(57);
    });
    expect(screen.getByTestId('call-status')).toHaveTextContent(/^In call 00:0\d$/);
    expect(screen.getByRole('meter', { name: 'Customer audio level' })).toHaveAttribute('aria-valuenow', '57');

    const mute = screen.getByRole('button', { name: 'Mute' });
    expect(mute).toHaveAttribute('aria-pressed', 'false');
    fireEvent.click(mute);
    expect(mute).toHaveAttribute('aria-pressed', 'true');

    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Hang up' }));
      await flush();
    });
    expect(f.api.hangUp).toHaveBeenCalledWith('u1');
    expect(screen.getByTestId('call-status')).toHaveTextContent('Call ended: You ended the call.');
    expect(screen.queryByRole('meter')).not.toBeInTheDocument();
  });

  it("shows a failed dial's message", async () => {
    const f = createFakes();
    render(
      <CallControllerContext.Provider value={f.controller}>
        <CallPanel lines={[]} />
      </CallControllerContext.Provider>,
    );
    await act(async () => {
      const dialing = f.controller.dial({ waId: '5531987651234', name: 'Carla Mendes', displayNumber: '+55 31 98765 1234', businessNumberId: 'bn-1' });
      await flush();
      const { AppError } = await import('../../../shared/errors.ts');
      f.placeCall.reject(new AppError({ code: 'meta_error', message: 'The customer has not allowed calls from this business.', metaCode: 138006 }));
      await dialing;
    });
    expect(screen.getByTestId('call-status')).toHaveTextContent('Call ended: The customer has not allowed calls from this business.');
    expect(screen.getByTestId('call-outcome')).toHaveTextContent('WhatsApp code 138006');
  });
});
