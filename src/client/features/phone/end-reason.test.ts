import { describe, expect, it } from 'vitest';
import { endSentence } from './end-reason.ts';

const business = { name: 'Ringside Support BR' };

describe('why a call ended, on the phone page', () => {
  it('says it in a sentence, never with the simulator code', () => {
    const inbound = { direction: 'USER_INITIATED' as const, answered_at: null, business };
    expect(endSentence({ ...inbound, end_reason: 'business_rejected' })).toBe('Ringside Support BR could not take your call right now.');
    expect(endSentence({ ...inbound, end_reason: 'not_answered' })).toBe('Nobody at Ringside Support BR answered.');
    expect(endSentence({ direction: 'BUSINESS_INITIATED', answered_at: null, business, end_reason: 'not_answered' })).toBe('You did not answer.');
    expect(endSentence({ ...inbound, answered_at: 1, end_reason: 'business_terminated' })).toBe('Ringside Support BR ended the call.');
    expect(endSentence({ ...inbound, end_reason: 'something_new' })).toBe('The call ended.');
    for (const reason of ['business_rejected', 'not_answered', 'user_declined', 'media_timeout', 'setup_failed']) {
      expect(endSentence({ ...inbound, end_reason: reason })).not.toMatch(/_/);
    }
  });
});
