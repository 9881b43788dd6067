import '@testing-library/jest-dom/vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { BusinessNumber } from '../../../shared/agent-api.ts';
import { formatInstant } from '../../lib/format.ts';
import { LineNotices } from './line-notices.tsx';
import { brLine } from './testing/policy-world.tsx';

afterEach(cleanup);

const now = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();

describe('LineNotices', () => {
  it('shows nothing while WhatsApp reports nothing unusual', () => {
    const { container } = render(<LineNotices line={{ ...brLine, notices: [], callingSettings: { calling: 'enabled', callIcon: 'shown', callbackPermission: 'enabled', updatedAt: iso(now) } }} />);
    expect(container).toBeEmptyDOMElement();
  });

  it('says what each warning and restriction means and until when, restrictions that pause calls first and loud', () => {
    const until = now + 3 * 86_400_000;
    const line: BusinessNumber = {
      ...brLine,
      notices: [
        { kind: 'restriction', type: 'RESTRICTED_BUSINESS_INITIATED_CALLING', since: iso(now - 60_000), until: iso(until), pausesBusinessCalls: true },
        { kind: 'warning', type: 'USER_INITIATED_CALLS_LOW_PICKUP_RATE', since: iso(now - 3_600_000), until: null, pausesBusinessCalls: false },
        { kind: 'restriction', type: 'RESTRICTED_SOMETHING_NEW', since: iso(now), until: null, pausesBusinessCalls: false },
      ],
      callingSettings: { calling: 'enabled', callIcon: 'hidden', callbackPermission: 'enabled', updatedAt: iso(now) },
    };
    render(<LineNotices line={line} />);
    const region = screen.getByRole('region', { name: 'WhatsApp notices for Ringside Support BR' });
    const [paused, warning, unknown] = within(region).getAllByTestId('line-notice');
    expect(paused).toHaveTextContent(`Restriction: Business calls paused. You cannot call customers or ask them for permission on this number. Customers can still call you. Until ${formatInstant(until, now)}.`);
    expect(paused).toHaveClass('bg-rose-50');
    expect(warning).toHaveTextContent('Warning: Low pickup rate. Too many customer calls to this number go unanswered.');
    expect(warning).toHaveTextContent(`Since ${formatInstant(now - 3_600_000, now)}.`);
    expect(warning).toHaveClass('bg-amber-50');
    expect(unknown).toHaveTextContent('Restriction: Restricted something new. WhatsApp restricted this number. WhatsApp gave no end date.');
    expect(within(region).getByTestId('line-settings')).toHaveTextContent('WhatsApp reports that the call button is hidden from customers.');
  });
});
