import { describe, expect, it } from 'vitest';
import { describeRefusal, formatSpan } from './describe.ts';
import { eligibilitySchema, type Refusal, type RefusalReason } from './eligibility.ts';
import { metaVerdict } from './meta-verdict.ts';
import { policyProfiles } from './profiles.ts';
import { DAY, HOUR, MINUTE, T0, entry, evaluate, numbers, series, tierCases, type TierCase } from './test-kit.ts';

const stamp = (ms: number) => `<${new Date(ms).toISOString()}>`;

/** Scenarios that produce every refusal an agent can meet, from real evaluations. */
function refusalsMet(c: TierCase): Refusal[] {
  const full = series(c.calls, T0, MINUTE, (at) => entry.connected(at));
  const misses = series(c.revoke, T0 + HOUR, MINUTE, (at) => entry.unanswered(at));
  const requests = series(c.requestsPerWeek, T0, MINUTE, (at) => entry.requested(at));
  const scenarios = [
    evaluate(c, [], T0, { callingEnabled: false, businessWaId: numbers.US, activeCalls: { inbound: 1000, outbound: 1000 } }),
    evaluate(c, [entry.accepted(T0), ...full], T0 + c.calls * MINUTE),
    evaluate(c, [entry.declined(T0)], T0 + HOUR),
    evaluate(c, [entry.accepted(T0)], T0 + 8 * DAY),
    evaluate(c, [entry.accepted(T0), ...misses], T0 + 2 * HOUR),
    evaluate(c, [entry.accepted(T0), entry.revoked(T0 + HOUR)], T0 + 2 * HOUR),
    evaluate(c, [entry.accepted(T0, { permanent: true })], T0 + HOUR),
    evaluate(c, [...requests, entry.declined(T0 + HOUR)], T0 + 2 * HOUR),
    evaluate(c, [entry.accepted(T0)], T0 + HOUR, { restrictions: [{ type: 'RESTRICTED_BUSINESS_INITIATED_CALLING', until: T0 + DAY }] }),
    evaluate(c, [entry.accepted(T0)], T0 + HOUR, { restrictions: [{ type: 'RESTRICTED_BIZ_INITIATED_AND_USER_INITIATED_CALLING', until: null }] }),
  ];
  // WhatsApp's own refusals (meta-verdict.ts): Graph errors of every pair code, and a call_permissions "no".
  const granted = [entry.accepted(T0)];
  const limits = policyProfiles[c.profileId].tiers[c.tier];
  const refusals = [138006, 138009, 138012, 138013, 138014, 138017].map((code) => ({ at: T0 + HOUR, code, action: code === 138009 || code === 138017 ? 'request' as const : 'call' as const, message: 'x' }));
  const noPermission = { at: T0 + HOUR, permission: { status: 'no_permission' as const, expiresAt: null }, call: { allowed: false, day: null, week: null }, request: null };
  for (const fact of refusals) scenarios.push(metaVerdict({ estimate: evaluate(c, granted, T0 + 2 * HOUR), ledger: granted, answer: null, refusals: [fact], limits, now: T0 + 2 * HOUR }).eligibility);
  scenarios.push(metaVerdict({ estimate: evaluate(c, granted, T0 + 2 * HOUR), ledger: granted, answer: noPermission, refusals: [], limits, now: T0 + 2 * HOUR }).eligibility);
  return scenarios.flatMap((e) => [...e.call.refusals, ...e.request.refusals, ...e.userCall.refusals]);
}

describe.each(tierCases)('describeRefusal: $profileId / $tier', (c) => {
  const met = refusalsMet(c);

  it('meets every refusal reason in the scenarios', () => {
    const all: Record<RefusalReason, true> = {
      calling_disabled: true, country_unavailable: true, calling_restricted: true, no_permission: true, permission_declined: true,
      permission_expired: true, permission_revoked: true, call_limit: true, concurrency_limit: true,
      permanent_permission: true, request_limit: true, declined_recently: true, whatsapp_refused: true,
    };
    expect(new Set(met.map((r) => r.reason))).toEqual(new Set(Object.keys(all)));
  });

  it('names when each refusal lifts: its time, or the action it waits for', () => {
    for (const refusal of met) {
      const text = describeRefusal(refusal, stamp);
      if (refusal.until !== null) expect(text, refusal.reason).toContain(`possible at ${stamp(refusal.until)}`);
      else expect(text, refusal.reason).toMatch(/customer (accepts|grants|withdraws)|admin turns calling on|one of them ends|Meta lifts/);
      if (refusal.reason === 'whatsapp_refused') expect(text, String(refusal.code)).toMatch(/^WhatsApp( refused|'s answer) at </);
    }
  });

  it('produces output the shared schema accepts, for the server to send and the client to parse', () => {
    const e = evaluate(c, [entry.accepted(T0), ...series(c.calls, T0, MINUTE, (at) => entry.connected(at))], T0 + HOUR, { businessWaId: numbers.TR });
    expect(eligibilitySchema.parse(e)).toEqual(e);
  });
});

describe('sentences', () => {
  it("says WhatsApp refused, when, Meta's reason and how it clears", () => {
    const refusal: Refusal = { code: 138006, reason: 'whatsapp_refused', until: null, at: T0, via: 'graph_error' };
    expect(describeRefusal(refusal, () => '10:02')).toBe(
      'WhatsApp refused at 10:02: The customer has not allowed calls from this business. Ask for permission first. '
        + 'It becomes possible once the customer grants permission or a call with them connects. Check with WhatsApp to ask again.',
    );
  });

  const at = (text: string) => () => text;

  it('states the daily call limit with counts and the next time', () => {
    const refusal: Refusal = { code: 138012, reason: 'call_limit', until: T0, used: 10, max: 10, windowMs: DAY };
    expect(describeRefusal(refusal, at('14:32'))).toBe('Daily limit reached: 10 of 10 connected calls in the last 24 hours. The next call is possible at 14:32.');
  });

  it('states a request limit, singular when the limit is one', () => {
    const refusal: Refusal = { code: 138009, reason: 'request_limit', until: T0, period: 'day', used: 1, max: 1, windowMs: DAY };
    expect(describeRefusal(refusal, at('Fri 09:00'))).toBe(
      'Daily request limit reached: 1 of 1 permission request in the last 24 hours. The next request is possible at Fri 09:00, or sooner if a call with the customer connects.',
    );
  });

  it('names the country and its calling code', () => {
    const refusal: Refusal = { code: 138013, reason: 'country_unavailable', until: null, country: 'US', callingCode: '1' };
    expect(describeRefusal(refusal, stamp)).toContain('United States (+1)');
  });

  it('tells the streak behind an automatic revoke', () => {
    const refusal: Refusal = { code: 138006, reason: 'permission_revoked', until: null, revokedAt: T0, unansweredCalls: 4 };
    expect(describeRefusal(refusal, at('10:15'))).toBe(
      "WhatsApp revoked the customer's permission at 10:15 after 4 unanswered calls in a row. Calling becomes possible only when the customer grants permission again.",
    );
  });

  it.each([
    [DAY, '24 hours'],
    [7 * DAY, '7 days'],
    [HOUR, '1 hour'],
    [90 * MINUTE, '90 minutes'],
  ])('formats a %i ms window as %s', (ms, text) => {
    expect(formatSpan(ms)).toBe(text);
  });
});
