import { describe, expect, it } from 'vitest';
import { callQuotaText, firstRefusal, metaDisagreements, nextBoundary, rowRefusal, streakText } from './contact-policy.ts';
import { formatInstant } from '../../lib/format.ts';
import { contactFrom, DAY, HOUR, ledger, metaAnswer, T0 } from './testing/policy-world.tsx';

describe('contact policy reading', () => {
  it('finds the next instant at which something shown changes', () => {
    const quota = contactFrom({ name: 'A', waId: '5511912345678', entries: [ledger.accepted(T0 - 6 * DAY), ledger.connected(T0 - 20 * HOUR)] });
    // The connected call leaves the 24 h window in 4 h, before the permission expires in 1 day.
    expect(nextBoundary([quota])).toBe(T0 + 4 * HOUR);
    const expiring = contactFrom({ name: 'B', waId: '5521998765432', entries: [ledger.accepted(T0 - 6 * DAY - 22 * HOUR)] });
    expect(nextBoundary([quota, expiring])).toBe(T0 + 2 * HOUR);
    const window = contactFrom({ name: 'C', waId: '5531987651234', entries: [], serviceWindowOpenUntil: T0 + HOUR });
    expect(nextBoundary([quota, expiring, window])).toBe(T0 + HOUR);
    expect(nextBoundary([contactFrom({ name: 'D', waId: '5541976543210', entries: [ledger.accepted(T0 - DAY, true)] })])).toBeNull();
  });

  it('words the quota without a free time when nothing counts', () => {
    const fresh = contactFrom({ name: 'A', waId: '5511912345678', entries: [ledger.accepted(T0 - DAY, true)] });
    expect(callQuotaText(fresh.eligibility.call, T0)).toBe('10 of 10 calls left in 24 h');
  });

  it('words the streak before the reconsider threshold', () => {
    const one = contactFrom({ name: 'A', waId: '5511912345678', entries: [ledger.accepted(T0 - DAY, true), ledger.unanswered(T0 - HOUR)] });
    expect(streakText(one.eligibility.streak)).toBe('1 unanswered in a row; at 2 WhatsApp asks the customer to reconsider, at 4 it revokes permission');
  });

  it("compares WhatsApp's answer with Ringside's own estimate, not with the decision it corrected", () => {
    const entries = [ledger.accepted(T0 - DAY, true)];
    const agree = metaAnswer(T0, { permission: { status: 'permanent', expiresAt: null }, call: { allowed: true, day: { used: 0, max: 10, windowMs: DAY, freesAt: null }, week: null }, request: { allowed: false, day: null, week: null } });
    expect(metaDisagreements(contactFrom({ name: 'A', waId: '5511912345678', entries, answer: agree }))).toEqual([]);
    const busier = { ...agree, call: { allowed: true, day: { used: 2, max: 100, windowMs: DAY, freesAt: null }, week: null } };
    expect(metaDisagreements(contactFrom({ name: 'A', waId: '5511912345678', entries, answer: busier }))).toEqual(['calls used', 'the daily call limit']);
    const none = metaAnswer(T0, { permission: { status: 'no_permission', expiresAt: null }, call: { allowed: false, day: null, week: null } });
    expect(metaDisagreements(contactFrom({ name: 'A', waId: '5511912345678', entries, answer: none }))).toEqual(['permission', 'whether you can call', 'whether you can request permission']);
    expect(metaDisagreements(contactFrom({ name: 'A', waId: '5511912345678', entries }))).toEqual([]);
    // A restriction on the line is not the answer's to overrule: no "differs on whether you can call".
    const paused = contactFrom({ name: 'A', waId: '5511912345678', entries, answer: agree, restrictions: [{ type: 'RESTRICTED_BUSINESS_INITIATED_CALLING', until: null }] });
    expect(paused.estimate.canCall).toBe(false);
    expect(metaDisagreements(paused)).toEqual([]);
  });

  it('shortens a pause of the whole line in list rows (the line notice says the rest), and nothing else', () => {
    const paused = contactFrom({ name: 'A', waId: '5511912345678', entries: [ledger.accepted(T0 - DAY)], restrictions: [{ type: 'RESTRICTED_BUSINESS_INITIATED_CALLING', until: T0 + DAY }] });
    expect(rowRefusal(paused.eligibility.call.refusals, T0)).toBe(`Paused by WhatsApp on this line until ${formatInstant(T0 + DAY, T0)}`);
    const none = contactFrom({ name: 'B', waId: '5531987651234', entries: [] });
    expect(rowRefusal(none.eligibility.call.refusals, T0)).toBe(firstRefusal(none.eligibility.call.refusals, T0));
  });
});
