import { describe, expect, it } from 'vitest';
import { boundedLedger, ledgerWindowMs } from './ledger-bounds.ts';
import type { LedgerEntry } from './ledger.ts';
import { policyProfiles } from './profiles.ts';
import { DAY, HOUR, MINUTE, T0, entry, evaluate, tierCases } from './test-kit.ts';

function rng(seed: number) {
  let x = seed;
  return () => ((x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

/** A pair's history over `days`: calls of both kinds, requests and replies of every kind, at random times. */
function history(random: () => number, days: number, count: number): LedgerEntry[] {
  const makers = [
    (at: number) => entry.connected(at),
    (at: number) => entry.connected(at, 'user_initiated'),
    (at: number) => entry.unanswered(at),
    (at: number) => entry.unanswered(at),
    (at: number) => entry.requested(at),
    (at: number) => entry.accepted(at),
    (at: number) => entry.accepted(at, { permanent: true }),
    (at: number) => entry.accepted(at, { source: 'automatic', origin: 'callback' }),
    (at: number) => entry.declined(at),
    (at: number) => entry.revoked(at),
  ];
  return Array.from({ length: count }, () => makers[Math.floor(random() * makers.length)]!(T0 + Math.floor(random() * days * DAY / MINUTE) * MINUTE));
}

describe.each(tierCases)('the bounded ledger decides like the whole one: $profileId / $tier', (c) => {
  const profile = policyProfiles[c.profileId];

  it('gives the same eligibility on 400 random histories of up to 90 days, at random instants', () => {
    const random = rng(c.calls * 13 + c.revoke);
    for (let round = 0; round < 400; round++) {
      const days = 1 + Math.floor(random() * 90);
      const ledger = history(random, days, Math.floor(random() * 60));
      const now = T0 + Math.floor(random() * (days + 10) * DAY);
      const bounded = boundedLedger(ledger, now, profile);
      expect(evaluate(c, bounded, now), `round ${round}`).toEqual(evaluate(c, ledger, now));
    }
  });

  it('drops old calls and requests, keeps every reply and the facts the streak and the request limits need', () => {
    const now = T0 + 60 * DAY;
    const old = [entry.connected(T0), entry.connected(T0 + HOUR), entry.requested(T0 + 2 * HOUR), entry.accepted(T0 + 3 * HOUR, { permanent: true }), entry.unanswered(T0 + 4 * HOUR)];
    const recent = [entry.connected(now - HOUR)];
    const kept = boundedLedger([...old, ...recent], now, profile);
    expect(kept.map((e) => e.type)).toEqual(['permission_replied', 'call_connected']);
    expect(ledgerWindowMs(profile)).toBeGreaterThanOrEqual(7 * DAY);
  });
});
