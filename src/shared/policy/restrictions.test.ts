import { describe, expect, it } from 'vitest';
import { DAY, HOUR, T0, entry, evaluate, tierCases } from './test-kit.ts';

const paused = (until: number | null) => ({ type: 'RESTRICTED_BUSINESS_INITIATED_CALLING', until });

describe.each(tierCases)('WhatsApp restrictions on the number: $profileId / $tier', (c) => {
  const granted = [entry.accepted(T0)];

  it('pauses business-initiated calls and requests with 138014 until the restriction expires', () => {
    const e = evaluate(c, granted, T0 + HOUR, { restrictions: [paused(T0 + DAY)] });
    expect(e.call.allowed).toBe(false);
    expect(e.call.refusals[0]).toEqual({ code: 138014, reason: 'calling_restricted', until: T0 + DAY, restriction: 'RESTRICTED_BUSINESS_INITIATED_CALLING' });
    expect(e.request.refusals[0]?.code).toBe(138014);
    expect(e.call.nextPossibleAt).toBe(T0 + DAY);
  });

  it('lifts by itself once the restriction expires', () => {
    expect(evaluate(c, granted, T0 + DAY, { restrictions: [paused(T0 + DAY)] }).call.allowed).toBe(true);
  });

  it('needs Meta to lift a restriction without expiry, and keeps the latest-ending one', () => {
    const e = evaluate(c, granted, T0 + HOUR, { restrictions: [paused(T0 + DAY), paused(null)] });
    expect(e.call.refusals[0]).toMatchObject({ code: 138014, until: null });
    expect(e.call.nextPossibleAt).toBeNull();
  });

  it('ignores warnings and restrictions that do not pause business calls', () => {
    const e = evaluate(c, granted, T0 + HOUR, { restrictions: [{ type: 'RESTRICTED_USER_INITIATED_CALLING_CALL_BUTTON_HIDDEN', until: null }] });
    expect(e.call.allowed).toBe(true);
    expect(e.userCall.allowed).toBe(true);
  });
});
