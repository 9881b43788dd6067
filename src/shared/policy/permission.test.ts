import { describe, expect, it } from 'vitest';
import { agentPermissionStatus } from './eligibility.ts';
import { replyOrigin } from './ledger.ts';
import { DAY, HOUR, SECOND, T0, entry, evaluate, tierCases } from './test-kit.ts';

const WEEK = 7 * DAY;

describe.each(tierCases)('permission: $profileId / $tier', (c) => {
  it('has none before any reply, and 138006 no_permission for calls', () => {
    const e = evaluate(c, [], T0);
    expect(e.permission).toEqual({ state: 'none', grantedAt: null, expiresAt: null, endedAt: null, source: null, origin: null, pendingRequestAt: null });
    expect(e.call.refusals).toEqual([{ code: 138006, reason: 'no_permission', until: null }]);
  });

  it.each([
    ['7 days minus 1 s', -SECOND, 'temporary', true],
    ['exactly 7 days', 0, 'expired', false],
    ['7 days plus 1 s', SECOND, 'expired', false],
  ] as const)('temporary permission at %s after approval is %s', (_label, offset, state, allowed) => {
    const e = evaluate(c, [entry.accepted(T0)], T0 + WEEK + offset);
    expect(e.permission).toMatchObject({ state, grantedAt: T0, expiresAt: T0 + WEEK, source: 'user_action' });
    expect(e.call.allowed).toBe(allowed);
    if (!allowed) expect(e.call.refusals).toEqual([{ code: 138006, reason: 'permission_expired', until: null, expiredAt: T0 + WEEK }]);
  });

  it("uses Meta's expiration_timestamp when the reply carries one", () => {
    const expiresAt = T0 + WEEK - 30 * SECOND;
    expect(evaluate(c, [entry.accepted(T0, { expiresAt })], expiresAt - SECOND).permission.state).toBe('temporary');
    expect(evaluate(c, [entry.accepted(T0, { expiresAt })], expiresAt).permission).toMatchObject({ state: 'expired', endedAt: expiresAt });
  });

  it('keeps permanent permission with no expiry', () => {
    const e = evaluate(c, [entry.accepted(T0, { permanent: true })], T0 + 400 * DAY);
    expect(e.permission).toMatchObject({ state: 'permanent', expiresAt: null, grantedAt: T0 });
    expect(e.call.allowed).toBe(true);
  });

  it('is not granted by user-initiated calls, connected or not', () => {
    const e = evaluate(c, [entry.connected(T0, 'user_initiated')], T0 + HOUR);
    expect(e.permission.state).toBe('none');
    expect(e.call.refusals.map((r) => r.code)).toEqual([138006]);
  });

  it('is granted temporarily by a callback permission (automatic accept after a user call)', () => {
    const e = evaluate(c, [entry.connected(T0, 'user_initiated'), entry.accepted(T0 + SECOND, { source: 'automatic' })], T0 + HOUR);
    expect(e.permission).toMatchObject({ state: 'temporary', source: 'automatic', expiresAt: T0 + SECOND + WEEK });
    expect(e.call.allowed).toBe(true);
  });

  it('is not narrowed to temporary by a later temporary grant when permanent', () => {
    const e = evaluate(c, [entry.accepted(T0, { permanent: true }), entry.accepted(T0 + DAY, { source: 'automatic' })], T0 + 30 * DAY);
    expect(e.permission.state).toBe('permanent');
  });

  it('restarts the 7 days on a new temporary grant', () => {
    const e = evaluate(c, [entry.accepted(T0), entry.accepted(T0 + 5 * DAY)], T0 + 8 * DAY);
    expect(e.permission).toMatchObject({ state: 'temporary', expiresAt: T0 + 12 * DAY });
  });

  it('is declined by a rejecting customer, ending a running temporary permission (latest reply wins)', () => {
    const e = evaluate(c, [entry.accepted(T0), entry.declined(T0 + DAY)], T0 + 2 * DAY);
    expect(e.permission).toMatchObject({ state: 'declined', endedAt: T0 + DAY, source: 'user_action' });
    expect(e.call.refusals).toEqual([{ code: 138006, reason: 'permission_declined', until: null, declinedAt: T0 + DAY }]);
  });

  it('is granted again after a decline when the customer accepts later', () => {
    expect(evaluate(c, [entry.declined(T0), entry.accepted(T0 + HOUR)], T0 + 2 * HOUR).permission.state).toBe('temporary');
  });

  it('is revoked by an automatic reject', () => {
    const e = evaluate(c, [entry.accepted(T0), entry.revoked(T0 + DAY)], T0 + 2 * DAY);
    expect(e.permission).toMatchObject({ state: 'revoked', endedAt: T0 + DAY, source: 'automatic' });
    expect(e.call.refusals).toEqual([{ code: 138006, reason: 'permission_revoked', until: null, revokedAt: T0 + DAY, unansweredCalls: null }]);
  });
});

describe.each(tierCases)('pending request and the agent-facing status: $profileId / $tier', (c) => {
  it('is requested while a request awaits the customer and nothing is in force', () => {
    const e = evaluate(c, [entry.requested(T0)], T0 + HOUR);
    expect(e.permission.pendingRequestAt).toBe(T0);
    expect(agentPermissionStatus(e.permission)).toBe('requested');
  });

  it('shows the grant, not the request, while a permission is in force', () => {
    const e = evaluate(c, [entry.accepted(T0), entry.requested(T0 + DAY)], T0 + DAY + HOUR);
    expect(e.permission.pendingRequestAt).toBe(T0 + DAY);
    expect(agentPermissionStatus(e.permission)).toBe('temporary');
  });

  it('ends the pending state with the reply, even when Meta truncated its timestamp to the second', () => {
    const sentAt = T0 + 700;
    const e = evaluate(c, [entry.requested(sentAt), entry.declined(T0)], T0 + HOUR);
    expect(e.permission.pendingRequestAt).toBeNull();
    expect(agentPermissionStatus(e.permission)).toBe('declined');
  });

  it('drops a request unanswered for 7 days (it expires on the phone)', () => {
    expect(evaluate(c, [entry.requested(T0)], T0 + WEEK - SECOND).permission.pendingRequestAt).toBe(T0);
    expect(agentPermissionStatus(evaluate(c, [entry.requested(T0)], T0 + WEEK).permission)).toBe('none');
  });

  it.each(['expired', 'revoked'] as const)('is requested again after %s permission when a new request is pending', (state) => {
    const ended = state === 'expired' ? [entry.accepted(T0)] : [entry.accepted(T0), entry.revoked(T0 + DAY)];
    const e = evaluate(c, [...ended, entry.requested(T0 + 8 * DAY)], T0 + 8 * DAY + HOUR);
    expect(e.permission.state).toBe(state);
    expect(agentPermissionStatus(e.permission)).toBe('requested');
  });
});

describe('where a permission came from', () => {
  const c = tierCases[0]!;

  it.each([
    ['a request (the reply names it)', { response: 'accept', source: 'user_action', contextId: 'wamid.REQ' }, 'request'],
    ['the customer\'s profile (no context)', { response: 'accept', source: 'user_action', contextId: null }, 'profile'],
    ['the customer calling us (automatic, context is the call)', { response: 'accept', source: 'automatic', contextId: 'wacid.CALL' }, 'callback'],
    ['a decline', { response: 'reject', source: 'user_action', contextId: 'wamid.REQ' }, undefined],
    ['WhatsApp\'s revoke after the streak', { response: 'reject', source: 'automatic', contextId: null }, undefined],
  ] as const)('reads %s', (_name, reply, origin) => {
    expect(replyOrigin(reply)).toBe(origin);
  });

  it('keeps the origin of the grant in force, and of the grant a decline or revoke ended', () => {
    const fromProfile = entry.accepted(T0, { permanent: true, origin: 'profile' });
    expect(evaluate(c, [fromProfile], T0 + HOUR).permission).toMatchObject({ state: 'permanent', origin: 'profile' });
    expect(evaluate(c, [fromProfile, entry.revoked(T0 + DAY)], T0 + 2 * DAY).permission).toMatchObject({ state: 'revoked', origin: 'profile' });
    const callback = entry.accepted(T0 + 2 * DAY, { source: 'automatic', origin: 'callback' });
    expect(evaluate(c, [entry.declined(T0), callback], T0 + 3 * DAY).permission).toMatchObject({ state: 'temporary', origin: 'callback' });
  });

  it('knows an automatic accept recorded without an origin is a callback grant', () => {
    expect(evaluate(c, [entry.accepted(T0, { source: 'automatic' })], T0 + HOUR).permission.origin).toBe('callback');
    expect(evaluate(c, [entry.accepted(T0)], T0 + HOUR).permission.origin).toBeNull();
  });
});
