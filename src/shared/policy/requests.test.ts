import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE, SECOND, T0, entry, evaluate, series, tierCases } from './test-kit.ts';

describe.each(tierCases)('permission requests: $profileId / $tier ($requestsPerDay per 24 h, $requestsPerWeek per 7 days)', (c) => {
  const requests = (n: number, start = T0) => series(n, start, MINUTE, (at) => entry.requested(at));
  const afterRequests = (n: number, start = T0) => start + n * MINUTE;

  it('allows the first request, as a template outside the service window and free-form inside it', () => {
    const now = T0;
    expect(evaluate(c, [], now).request).toMatchObject({ allowed: true, refusals: [], nextPossibleAt: now, via: 'template' });
    expect(evaluate(c, [], now, { serviceWindowOpenUntil: now + HOUR }).request.via).toBe('free_form');
    expect(evaluate(c, [], now, { serviceWindowOpenUntil: now }).request.via).toBe('template');
  });

  it(`allows request number ${c.requestsPerDay} within 24 h`, () => {
    const { request } = evaluate(c, requests(c.requestsPerDay - 1), afterRequests(c.requestsPerDay - 1));
    expect(request.allowed).toBe(true);
    expect(request.day).toMatchObject({ used: c.requestsPerDay - 1, max: c.requestsPerDay, nextFreeAt: null });
  });

  it(`refuses request number ${c.requestsPerDay + 1} within 24 h with 138009 until the oldest leaves`, () => {
    const { request } = evaluate(c, requests(c.requestsPerDay), afterRequests(c.requestsPerDay));
    expect(request.refusals).toEqual([{ code: 138009, reason: 'request_limit', until: T0 + DAY, period: 'day', used: c.requestsPerDay, max: c.requestsPerDay, windowMs: DAY }]);
    expect(request.nextPossibleAt).toBe(T0 + DAY);
  });

  it.each([
    ['24 h minus 1 s', -SECOND, false],
    ['24 h plus 1 s', SECOND, true],
  ])('daily window at %s after the first request', (_label, offset, allowed) => {
    expect(evaluate(c, requests(c.requestsPerDay), T0 + DAY + offset).request.allowed).toBe(allowed);
  });

  // Full days of requests, each batch 25 h after the previous: the daily window is clear, the weekly one full.
  const batches = c.requestsPerWeek / c.requestsPerDay;
  const week = Array.from({ length: batches }, (_, k) => requests(c.requestsPerDay, T0 + k * (DAY + HOUR))).flat();
  const afterWeek = T0 + (batches - 1) * (DAY + HOUR) + DAY + 2 * HOUR;

  it(`refuses request number ${c.requestsPerWeek + 1} within 7 days with 138009 (week) until the first leaves`, () => {
    const { request } = evaluate(c, week, afterWeek);
    expect(request.day.used).toBe(0);
    expect(request.week).toMatchObject({ used: c.requestsPerWeek, max: c.requestsPerWeek, nextFreeAt: T0 + 7 * DAY });
    expect(request.refusals).toEqual([{ code: 138009, reason: 'request_limit', until: T0 + 7 * DAY, period: 'week', used: c.requestsPerWeek, max: c.requestsPerWeek, windowMs: 7 * DAY }]);
  });

  it.each([
    ['7 days minus 1 s', -SECOND, false],
    ['7 days plus 1 s', SECOND, true],
  ])('weekly window at %s after the first request', (_label, offset, allowed) => {
    expect(evaluate(c, week, T0 + 7 * DAY + offset).request.allowed).toBe(allowed);
  });

  it.each(['business_initiated', 'user_initiated'] as const)('resets both windows on a connected %s call', (direction) => {
    const callAt = afterWeek - HOUR;
    const { request } = evaluate(c, [...week, ...requests(c.requestsPerDay, afterWeek - 2 * HOUR), entry.connected(callAt, direction)], afterWeek);
    expect(request).toMatchObject({ allowed: true, countsSince: callAt });
    expect(request.day.used).toBe(0);
    expect(request.week.used).toBe(0);
  });

  it('counts requests sent after the resetting call again', () => {
    const callAt = T0;
    const { request } = evaluate(c, [entry.connected(callAt, 'user_initiated'), ...requests(c.requestsPerDay, T0 + MINUTE)], T0 + HOUR);
    expect(request.allowed).toBe(false);
    expect(request.day.used).toBe(c.requestsPerDay);
  });

  it('does not reset on an unanswered call', () => {
    const { request } = evaluate(c, [...requests(c.requestsPerDay), entry.unanswered(T0 + HOUR)], T0 + 2 * HOUR);
    expect(request.allowed).toBe(false);
  });

  describe('after a decline', () => {
    const declinedAt = T0 + 2 * HOUR;
    const ledger = [entry.requested(T0), entry.declined(declinedAt)];

    it.each([
      ['24 h minus 1 s', -SECOND, false],
      ['24 h plus 1 s', SECOND, true],
    ])('waits 24 h from the decline: %s', (_label, offset, allowed) => {
      const { request } = evaluate(c, ledger, declinedAt + DAY + offset);
      expect(request.allowed).toBe(allowed);
      if (!allowed) expect(request.refusals).toEqual([{ code: 138009, reason: 'declined_recently', until: declinedAt + DAY, declinedAt }]);
      expect(request.declineWaitUntil).toBe(allowed ? null : declinedAt + DAY);
    });

    it('keeps the wait even after a connected call (it is not one of the request limits)', () => {
      const { request } = evaluate(c, [...ledger, entry.connected(declinedAt + HOUR, 'user_initiated')], declinedAt + 2 * HOUR);
      expect(request.refusals.map((r) => r.reason)).toEqual(['declined_recently']);
    });

    it('does not start a wait on an automatic revoke', () => {
      const { request } = evaluate(c, [entry.accepted(T0), entry.revoked(T0 + HOUR)], T0 + 2 * HOUR);
      expect(request.allowed).toBe(true);
    });
  });

  it('refuses with 138017 when the customer allows calls permanently, with no time', () => {
    const { request } = evaluate(c, [entry.accepted(T0, { permanent: true })], T0 + 30 * DAY);
    expect(request.refusals).toEqual([{ code: 138017, reason: 'permanent_permission', until: null }]);
    expect(request.nextPossibleAt).toBeNull();
  });

  it('allows a request while a temporary permission runs (e.g. to ask for permanent)', () => {
    expect(evaluate(c, [entry.accepted(T0)], T0 + DAY).request.allowed).toBe(true);
  });

  it('puts the latest-lifting 138009 first and takes the latest time as the next possible request', () => {
    const declinedAt = afterWeek - HOUR;
    const { request } = evaluate(c, [...week, entry.declined(declinedAt)], afterWeek);
    const untils = request.refusals.map((r) => r.until);
    expect(untils).toEqual([declinedAt + DAY, T0 + 7 * DAY].sort((a, b) => b - a));
    expect(request.nextPossibleAt).toBe(Math.max(declinedAt + DAY, T0 + 7 * DAY));
  });
});
