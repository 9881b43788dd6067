import '@testing-library/jest-dom/vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeMic } from '../../call/testing/fakes.ts';
import { createWarmMic } from '../../call/warm-mic.ts';
import { MicStandby } from './mic-standby.tsx';

afterEach(cleanup);

describe('MicStandby', () => {
  it('says when the microphone stays open between calls, and releases it when asked', async () => {
    const opened = fakeMic();
    const mic = createWarmMic(async () => opened.stream);
    render(<MicStandby mic={mic} />);
    expect(screen.queryByTestId('mic-standby')).toBeNull();

    const stream = await mic.take();
    act(() => mic.keep(stream));
    expect(screen.getByRole('status')).toHaveTextContent('Microphone on standby');

    fireEvent.click(screen.getByRole('button', { name: 'Release' }));
    expect(opened.track.stopped).toBe(true);
    expect(screen.queryByTestId('mic-standby')).toBeNull();
  });
});
