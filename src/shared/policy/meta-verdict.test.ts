import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from './ledger.ts';
import { answerPartHolds, type MetaAnswer, type MetaRefusalFact } from './meta-facts.ts';
import { metaVerdict, whatsAppCouldAllow, type MetaVerdictInput } from './meta-verdict.ts';
import { policyProfiles } from './profiles.ts';
import { DAY, HOUR, MINUTE, SECOND, T0, entry, evaluate, tierCases } from './test-kit.ts';

const c = tierCases[0]!; // seed-2025 production: 10 calls / 24 h, 1 request / 24 h, 2 / 7 days
const limits = policyProfiles[c.profileId].tiers[c.tier];

/** Meta's answer at `at`; defaults: temporary for 7 days, can call (3 of 100), can request. */
function answer(at: number, overrides: Partial<MetaAnswer> = {}): MetaAnswer {
  return {
    at,
    permission: { status: 'temporary', expiresAt: at + 7 * DAY },
    call: { allowed: true, day: { used: 3, max: 100, windowMs: DAY, freesAt: null }, week: null },
    request: { allowed: true, day: { used: 0, max: 1, windowMs: DAY, freesAt: null }, week: { used: 1, max: 2, windowMs: 7 * DAY, freesAt: null } },
    ...overrides,
  };
}
const noPermission = (at: number): MetaAnswer => answer(at, {
  permission: { status: 'no_permission', expiresAt: null },
  call: { allowed: false, day: { used: 0, max: 100, windowMs: DAY, freesAt: null }, week: null },
});
const refusal = (at: number, code: number, action: 'call' | 'request' = 'call'): MetaRefusalFact => ({ at, code, action, message: `(#${code}) refused` });

function verdict(ledger: LedgerEntry[], now: number, facts: { answer?: MetaAnswer | null; refusals?: MetaRefusalFact[] } = {}) {
  const input: MetaVerdictInput = { estimate: evaluate(c, ledger, now), ledger, answer: facts.answer ?? null, refusals: facts.refusals ?? [], limits, now };
  return metaVerdict(input);
}

describe('WhatsApp’s answer wins over the estimate', () => {
  it('lets a call the estimate refuses when WhatsApp says the customer allows calls, with WhatsApp’s permission and quota', () => {
    const v = verdict([], T0 + MINUTE, { answer: answer(T0) });
    expect(v.eligibility.call).toMatchObject({ allowed: true, refusals: [], used: 3, max: 100 });
    expect(v.eligibility.permission).toMatchObject({ state: 'temporary', expiresAt: T0 + 7 * DAY });
    expect(v.basis).toEqual({ permission: 'whatsapp', calls: 'whatsapp', requests: 'whatsapp' });
  });

  it('refuses a call the estimate allows when WhatsApp says there is no permission, and names WhatsApp as the source', () => {
    const v = verdict([entry.accepted(T0 - DAY)], T0 + MINUTE, { answer: noPermission(T0) });
    expect(v.eligibility.call.allowed).toBe(false);
    expect(v.eligibility.call.refusals).toEqual([{ code: 138006, reason: 'whatsapp_refused', until: null, at: T0, via: 'call_permissions' }]);
    expect(v.eligibility.permission.state).toBe('none');
  });

  it('keeps what only the estimate knows: a declined permission stays declined when WhatsApp says "no permission"', () => {
    const v = verdict([entry.declined(T0 - HOUR)], T0 + MINUTE, { answer: noPermission(T0) });
    expect(v.eligibility.permission.state).toBe('declined');
    expect(v.eligibility.call.refusals[0]).toMatchObject({ code: 138006, reason: 'permission_declined' });
  });

  it('shows WhatsApp’s quota and the time its exhausted limit frees', () => {
    const full = answer(T0, { call: { allowed: false, day: { used: 100, max: 100, windowMs: DAY, freesAt: T0 + 2 * HOUR }, week: null } });
    const v = verdict([entry.accepted(T0 - DAY)], T0 + MINUTE, { answer: full });
    expect(v.eligibility.call).toMatchObject({ allowed: false, used: 100, max: 100, nextFreeAt: T0 + 2 * HOUR, nextPossibleAt: T0 + 2 * HOUR });
    expect(v.eligibility.call.refusals[0]).toMatchObject({ code: 138012, reason: 'whatsapp_refused', until: T0 + 2 * HOUR });
    // Once the limit frees, the answer's calls part no longer decides.
    expect(verdict([entry.accepted(T0 - DAY)], T0 + 2 * HOUR, { answer: full }).eligibility.call).toMatchObject({ allowed: true, max: 10 });
  });

  it('does not let WhatsApp’s "yes" on permission overrule a gate it does not speak for (country)', () => {
    const ledger: LedgerEntry[] = [];
    const input: MetaVerdictInput = { estimate: evaluate(c, ledger, T0, { businessWaId: '14155550100' }), ledger, answer: answer(T0), refusals: [], limits, now: T0 };
    expect(metaVerdict(input).eligibility.call.refusals.map((r) => r.code)).toEqual([138013]);
  });

  it('refuses a request when WhatsApp says its limit is full, with WhatsApp’s figures', () => {
    const full = answer(T0, { request: { allowed: false, day: { used: 1, max: 1, windowMs: DAY, freesAt: T0 + 5 * HOUR }, week: { used: 1, max: 2, windowMs: 7 * DAY, freesAt: null } } });
    const v = verdict([], T0 + MINUTE, { answer: full });
    expect(v.eligibility.request).toMatchObject({ allowed: false, day: { used: 1, max: 1, nextFreeAt: T0 + 5 * HOUR } });
    expect(v.eligibility.request.refusals[0]).toMatchObject({ code: 138009, until: T0 + 5 * HOUR });
  });
});

describe('how long WhatsApp’s answer holds', () => {
  it('holds past any fixed freshness window while nothing newer is known', () => {
    expect(verdict([], T0 + 6 * DAY, { answer: answer(T0) }).eligibility.call.allowed).toBe(true);
  });

  it('ends when its temporary permission expires', () => {
    const v = verdict([], T0 + 7 * DAY, { answer: answer(T0) });
    expect(v.basis.permission).toBe('ringside');
    expect(v.eligibility.call.refusals[0]).toMatchObject({ reason: 'no_permission' });
  });

  it('gives way to a newer reply from the customer', () => {
    const v = verdict([entry.declined(T0 + HOUR)], T0 + 2 * HOUR, { answer: answer(T0) });
    expect(v.answerHolds).toBe(false);
    expect(v.eligibility.call.refusals[0]).toMatchObject({ reason: 'permission_declined' });
  });

  it('keeps WhatsApp’s permission after a connected call, but counts calls with the ledger again', () => {
    const v = verdict([entry.connected(T0 + HOUR)], T0 + 2 * HOUR, { answer: answer(T0) });
    expect(v.basis).toEqual({ permission: 'whatsapp', calls: 'ringside', requests: 'ringside' });
    expect(v.eligibility.call).toMatchObject({ allowed: true, used: 1, max: 10 });
  });

  it('counts a ledger fact stamped in the same second as newer (Meta’s seconds)', () => {
    const at = T0 + 400; // WhatsApp answered 0.4 s into the second the reply is stamped with
    expect(answerPartHolds(answer(at), 'permission', [entry.declined(T0)], T0 + SECOND)).toBe(false);
    expect(answerPartHolds(answer(at), 'permission', [entry.declined(T0 - SECOND)], T0 + SECOND)).toBe(true);
  });
});

describe('Graph refusals correct the picture at once', () => {
  const granted = [entry.accepted(T0 - DAY)];

  it('turns a callable contact into "not callable" with WhatsApp’s reason (138006)', () => {
    const v = verdict(granted, T0 + MINUTE, { refusals: [refusal(T0, 138006)] });
    expect(v.eligibility.call).toMatchObject({ allowed: false, nextPossibleAt: null });
    expect(v.eligibility.call.refusals).toEqual([{ code: 138006, reason: 'whatsapp_refused', until: null, at: T0, via: 'graph_error' }]);
    expect(v.eligibility.request.allowed).toBe(true);
  });

  it.each([
    ['a newer grant', [entry.accepted(T0 + HOUR)]],
    ['a connected call', [entry.connected(T0 + HOUR, 'user_initiated')]],
  ])('is cleared by %s', (_name, newer) => {
    expect(verdict([...granted, ...newer], T0 + 2 * HOUR, { refusals: [refusal(T0, 138006)] }).eligibility.call.allowed).toBe(true);
  });

  it('is cleared by a newer answer from WhatsApp ("Check with WhatsApp")', () => {
    const v = verdict(granted, T0 + 2 * HOUR, { refusals: [refusal(T0, 138006)], answer: answer(T0 + HOUR) });
    expect(v.holdingRefusals).toEqual([]);
    expect(v.eligibility.call.allowed).toBe(true);
  });

  it('beats an older answer', () => {
    const v = verdict(granted, T0 + 2 * HOUR, { refusals: [refusal(T0 + HOUR, 138006)], answer: answer(T0) });
    expect(v.eligibility.call.refusals[0]).toMatchObject({ reason: 'whatsapp_refused', via: 'graph_error' });
  });

  it('lifts a 138012 refusal when its 24 h window has passed', () => {
    expect(verdict(granted, T0 + DAY - 1, { refusals: [refusal(T0, 138012)] }).eligibility.call.refusals[0]).toMatchObject({ until: T0 + DAY });
    expect(verdict(granted, T0 + DAY, { refusals: [refusal(T0, 138012)] }).eligibility.call.allowed).toBe(true);
  });

  it('pauses calls and requests alike on 138014, whichever action met it', () => {
    const v = verdict(granted, T0 + MINUTE, { refusals: [refusal(T0, 138014, 'request')] });
    expect(v.eligibility.call.refusals[0]).toMatchObject({ code: 138014, reason: 'whatsapp_refused' });
    expect(v.eligibility.request.refusals[0]).toMatchObject({ code: 138014, reason: 'whatsapp_refused' });
  });
});

describe('properties', () => {
  /** Deterministic random (mulberry32), so a failure reproduces. */
  function rng(seed: number) {
    let state = seed;
    return () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const makers = [
    (at: number) => entry.requested(at), (at: number) => entry.accepted(at), (at: number) => entry.accepted(at, { permanent: true }),
    (at: number) => entry.declined(at), (at: number) => entry.revoked(at), (at: number) => entry.connected(at),
    (at: number) => entry.connected(at, 'user_initiated'), (at: number) => entry.unanswered(at),
  ];
  const randomLedger = (random: () => number) =>
    Array.from({ length: Math.floor(random() * 12) }, () => makers[Math.floor(random() * makers.length)]!(T0 + Math.floor(random() * 3 * DAY)));
  const randomAnswer = (random: () => number, at: number): MetaAnswer => {
    const status = (['no_permission', 'temporary', 'permanent'] as const)[Math.floor(random() * 3)]!;
    const used = Math.floor(random() * 12);
    return {
      at,
      permission: { status, expiresAt: status === 'temporary' ? at + Math.floor(random() * 8 * DAY) : null },
      call: { allowed: random() < 0.5, day: { used, max: 10, windowMs: DAY, freesAt: used >= 10 ? at + Math.floor(random() * DAY) : null }, week: null },
      request: { allowed: random() < 0.5, day: { used: 0, max: 1, windowMs: DAY, freesAt: null }, week: null },
    };
  };
  const seeds = Array.from({ length: 300 }, (_, i) => i + 1);

  it('with no facts from WhatsApp, the decision is the estimate, unchanged', () => {
    for (const seed of seeds) {
      const random = rng(seed);
      const ledger = randomLedger(random);
      const now = T0 + Math.floor(random() * 4 * DAY);
      expect(verdict(ledger, now).eligibility, `seed ${seed}`).toEqual(evaluate(c, ledger, now));
    }
  });

  it('keeps the estimate’s "a quota freeing after the permission expires frees nothing"', () => {
    const ledger = [entry.accepted(T0), ...Array.from({ length: 10 }, (_, i) => entry.connected(T0 + 6 * DAY + i * MINUTE))];
    const now = T0 + 6 * DAY + HOUR;
    expect(evaluate(c, ledger, now).call.nextPossibleAt).toBeNull();
    expect(verdict(ledger, now).eligibility).toEqual(evaluate(c, ledger, now));
  });

  it('never offers an action that WhatsApp’s holding answer or refusal refuses', () => {
    for (const seed of seeds) {
      const random = rng(seed);
      const ledger = randomLedger(random);
      const at = T0 + Math.floor(random() * 3 * DAY);
      const now = at + Math.floor(random() * 2 * DAY);
      const meta = randomAnswer(random, at);
      const refusals = random() < 0.5 ? [refusal(at + Math.floor(random() * HOUR), [138006, 138009, 138012, 138014][Math.floor(random() * 4)]!, random() < 0.5 ? 'call' : 'request')] : [];
      const v = verdict(ledger, now, { answer: meta, refusals });
      if (meta.call && !meta.call.allowed && answerPartHolds(meta, 'call', ledger, now)) expect(v.eligibility.call.allowed, `seed ${seed}`).toBe(false);
      if (meta.request && !meta.request.allowed && answerPartHolds(meta, 'request', ledger, now)) expect(v.eligibility.request.allowed, `seed ${seed}`).toBe(false);
      for (const fact of v.holdingRefusals) {
        if (fact.action === 'call' || fact.code === 138014) expect(v.eligibility.call.allowed, `seed ${seed}`).toBe(false);
        if (fact.action === 'request' || fact.code === 138014) expect(v.eligibility.request.allowed, `seed ${seed}`).toBe(false);
      }
      expect(v.eligibility.call.allowed).toBe(v.eligibility.call.refusals.length === 0);
    }
  });

  it('does not depend on the order refusals are given in', () => {
    for (const seed of seeds.slice(0, 100)) {
      const random = rng(seed);
      const ledger = randomLedger(random);
      const facts = [refusal(T0 + Math.floor(random() * DAY), 138006), refusal(T0 + Math.floor(random() * DAY), 138009, 'request')];
      const now = T0 + 2 * DAY;
      expect(verdict(ledger, now, { refusals: [...facts].reverse() }), `seed ${seed}`).toEqual(verdict(ledger, now, { refusals: facts }));
    }
  });
});

describe('whatsAppCouldAllow', () => {
  it.each([
    ['call', [{ code: 138006, reason: 'no_permission', until: null }], true],
    ['call', [{ code: 138012, reason: 'call_limit', until: T0, used: 10, max: 10, windowMs: DAY }], true],
    ['call', [{ code: 138013, reason: 'country_unavailable', until: null, country: 'US', callingCode: '1' }, { code: 138006, reason: 'no_permission', until: null }], false],
    ['call', [{ code: 138006, reason: 'whatsapp_refused', until: null, at: T0, via: 'graph_error' }], false],
    ['request', [{ code: 138017, reason: 'permanent_permission', until: null }], true],
    ['request', [], false],
  ] as const)('%s refused for %j → ask WhatsApp: %s', (action, refusals, expected) => {
    expect(whatsAppCouldAllow(refusals, action)).toBe(expected);
  });
});
