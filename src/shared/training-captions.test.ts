import { describe, expect, it } from 'vitest';
import { captionGraph, captionWebhook } from './training-captions.ts';

describe('timeline captions', () => {
  it.each([
    [{ kind: 'REJECTED', streak: { before: 2, after: 3, revokeThreshold: 4 } }, 'WhatsApp reports the customer declined: the unanswered streak rises to 3 of 4'],
    [{ kind: 'REJECTED', streak: { before: 3, after: 3, revokeThreshold: 4 } }, 'WhatsApp reports the customer declined'],
    [{ kind: 'ACCEPTED', streak: { before: 3, after: 0, revokeThreshold: 4 } }, 'WhatsApp reports the customer picked up: the unanswered streak starts again from 0'],
    [{ kind: 'terminate', status: 'COMPLETED', durationSeconds: 42 }, 'WhatsApp ends the call after 42 s (terminate, completed)'],
    [{ kind: 'connect', direction: 'user_initiated' as const, payload: 'order-42' }, 'The customer calls the business: WhatsApp offers the call (connect, with its SDP offer), from a link or button with payload "order-42"'],
    [{ kind: 'call_permission_reply', reply: { response: 'accept' as const, permanent: false, automatic: false, toRequest: true } }, 'The customer grants a temporary permission for 7 days in answer to the request'],
    [{ kind: 'account_update', account: { event: 'ACCOUNT_RESTRICTION', type: 'RESTRICTED_BUSINESS_INITIATED_CALLING' } }, 'WhatsApp restricts the business number: restricted business initiated calling (account_update)'],
  ])('webhook %o', (facts, caption) => {
    expect(captionWebhook(facts)).toBe(caption);
  });

  it('names the threshold in an automatic revoke, whatever order the call\'s own webhooks were applied in', () => {
    const reply = { response: 'reject' as const, permanent: false, automatic: true, toRequest: false };
    expect(captionWebhook({ kind: 'call_permission_reply', reply, streak: { before: 3, after: 3, revokeThreshold: 4 } })).toMatch(/^WhatsApp revokes the permission automatically after 4 unanswered calls in a row/);
  });

  it('Graph requests, refused or answered', () => {
    expect(captionGraph({ operation: 'connect', errorCode: 138006, errorMessage: 'No approved call permission' })).toBe("Ringside asks WhatsApp to call the customer (connect, with the agent's SDP offer). WhatsApp refuses with 138006: No approved call permission");
    expect(captionGraph({ operation: 'messages', message: 'template', errorCode: null })).toMatch(/approved template/);
    expect(captionGraph({ operation: 'call_permissions', errorCode: null, permission: 'no_permission' })).toMatch(/WhatsApp answers: no permission$/);
  });
});
