import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE, SECOND, T0, entry, evaluate, numbers, series, tierCases, type NumberRegion } from './test-kit.ts';

describe.each(tierCases)('connected business-initiated calls: $profileId / $tier (max $calls per 24 h)', (c) => {
  const grant = entry.accepted(T0);
  const first = T0 + MINUTE;
  const calls = (n: number) => series(n, first, MINUTE, (at) => entry.connected(at));
  const afterCalls = (n: number) => first + n * MINUTE;

  it(`allows call number ${c.calls} after ${c.calls - 1} connected calls`, () => {
    const { call } = evaluate(c, [grant, ...calls(c.calls - 1)], afterCalls(c.calls - 1));
    expect(call).toMatchObject({ allowed: true, refusals: [], used: c.calls - 1, max: c.calls, windowMs: DAY, nextFreeAt: null, resetsAt: first + DAY });
  });

  it(`refuses call number ${c.calls + 1} with 138012 until the oldest call leaves the window`, () => {
    const now = afterCalls(c.calls);
    const { call } = evaluate(c, [grant, ...calls(c.calls)], now);
    expect(call.allowed).toBe(false);
    expect(call.refusals).toEqual([{ code: 138012, reason: 'call_limit', until: first + DAY, used: c.calls, max: c.calls, windowMs: DAY }]);
    expect(call).toMatchObject({ used: c.calls, nextFreeAt: first + DAY, nextPossibleAt: first + DAY });
  });

  it.each([
    ['24 h minus 1 s: the oldest call still counts', -SECOND, false, c.calls],
    ['exactly 24 h: the oldest call has left', 0, true, c.calls - 1],
    ['24 h plus 1 s: the oldest call has left', SECOND, true, c.calls - 1],
  ])('%s', (_label, offset, allowed, used) => {
    const { call } = evaluate(c, [grant, ...calls(c.calls)], first + DAY + offset);
    expect(call.allowed).toBe(allowed);
    expect(call.used).toBe(used);
  });

  it('counts neither user-initiated nor unanswered calls', () => {
    const other = [
      ...series(c.calls, first, MINUTE, (at) => entry.connected(at, 'user_initiated')),
      entry.unanswered(afterCalls(c.calls) + MINUTE),
    ];
    const { call } = evaluate(c, [grant, ...other], afterCalls(c.calls) + HOUR);
    expect(call).toMatchObject({ allowed: true, used: 0, resetsAt: null });
  });

  it('reports no next call time when the temporary permission expires before the quota frees', () => {
    const late = T0 + 7 * DAY - HOUR;
    const full = series(c.calls, late - c.calls * SECOND, SECOND, (at) => entry.connected(at));
    const { call, permission } = evaluate(c, [grant, ...full], late);
    expect(permission.state).toBe('temporary');
    expect(call.refusals.map((r) => r.code)).toEqual([138012]);
    expect(call.nextPossibleAt).toBeNull();
  });
});

describe.each(tierCases)('concurrency per business number: $profileId / $tier (1000 inbound + 1000 outbound)', (c) => {
  const ledger = [entry.accepted(T0)];
  const now = T0 + HOUR;

  it.each([
    [999, true],
    [1000, false],
  ])('outbound calls in progress: %i → business-initiated call allowed: %s', (outbound, allowed) => {
    const e = evaluate(c, ledger, now, { activeCalls: { inbound: 0, outbound } });
    expect(e.call.allowed).toBe(allowed);
    if (!allowed) expect(e.call.refusals).toEqual([{ code: 138002, reason: 'concurrency_limit', until: null, direction: 'outbound', active: 1000, max: 1000 }]);
    expect(e.userCall.allowed).toBe(true);
  });

  it.each([
    [999, true],
    [1000, false],
  ])('inbound calls in progress: %i → user-initiated call allowed: %s', (inbound, allowed) => {
    const e = evaluate(c, ledger, now, { activeCalls: { inbound, outbound: 0 } });
    expect(e.userCall.allowed).toBe(allowed);
    if (!allowed) expect(e.userCall.refusals).toEqual([{ code: 138002, reason: 'concurrency_limit', until: null, direction: 'inbound', active: 1000, max: 1000 }]);
    expect(e.call.allowed).toBe(true);
    expect(e.concurrency).toEqual({ inbound: { active: inbound, max: 1000 }, outbound: { active: 0, max: 1000 } });
  });
});

describe.each(tierCases)('calling enabled in settings: $profileId / $tier', (c) => {
  it('refuses calls, requests and user calls with 138000 while calling is disabled', () => {
    const e = evaluate(c, [entry.accepted(T0)], T0 + HOUR, { callingEnabled: false });
    const disabled = { code: 138000, reason: 'calling_disabled', until: null };
    expect(e.call.refusals).toEqual([disabled]);
    expect(e.request.refusals).toEqual([disabled]);
    expect(e.userCall.refusals).toEqual([disabled]);
    expect(e.call.nextPossibleAt).toBeNull();
  });
});

describe.each(tierCases)('business number country: $profileId / $tier', (c) => {
  const ledger = [entry.accepted(T0)];
  const now = T0 + HOUR;
  const turkey: NumberRegion[] = ['TR'];
  const restricted: NumberRegion[] = ['US', 'CA', 'EG', 'VN', 'NG', ...(c.turkeyRestricted ? turkey : [])];
  const available: NumberRegion[] = ['BR', 'GB', 'JM', 'TEST', ...(c.turkeyRestricted ? [] : turkey)];
  // Written out, not read from libphonenumber: the refusal names the country with its calling code.
  const callingCodes: Partial<Record<NumberRegion, string>> = { US: '1', CA: '1', EG: '20', VN: '84', NG: '234', TR: '90' };

  it.each(restricted)('refuses business-initiated calls from a %s number with 138013', (country) => {
    const e = evaluate(c, ledger, now, { businessWaId: numbers[country] });
    expect(e.businessCountry).toBe(country);
    expect(e.call.refusals).toEqual([{ code: 138013, reason: 'country_unavailable', until: null, country, callingCode: callingCodes[country] }]);
    expect(e.request.refusals.map((r) => r.code)).toEqual([138013]);
    expect(e.userCall.allowed).toBe(true);
  });

  it.each(available)('allows business-initiated calls from a %s number', (country) => {
    const e = evaluate(c, ledger, now, { businessWaId: numbers[country] });
    expect(e.call.allowed).toBe(true);
    expect(e.businessCountry).toBe(country === 'TEST' ? null : country);
  });
});

describe('refusal order follows Meta\'s connect validation', () => {
  it.each(tierCases)('$profileId / $tier: 138000 → 138013 → 138006 → 138012 → 138002', (c) => {
    const full = series(c.calls, T0, MINUTE, (at) => entry.connected(at));
    const e = evaluate(c, full, T0 + c.calls * MINUTE, { callingEnabled: false, businessWaId: numbers.US, activeCalls: { inbound: 0, outbound: 1000 } });
    expect(e.call.refusals.map((r) => r.code)).toEqual([138000, 138013, 138006, 138012, 138002]);
    expect(e.call.nextPossibleAt).toBeNull();
  });
});
