import { describe, expect, it } from 'vitest';
import { unansweredCallEffects } from './evaluate.ts';
import type { LedgerEntry } from './ledger.ts';
import { policyProfiles } from './profiles.ts';
import { HOUR, MINUTE, T0, entry, evaluate, numbers, series, tierCases } from './test-kit.ts';

describe.each(tierCases)('unanswered streak: $profileId / $tier ($reconsider → reconsider, $revoke → revoked)', (c) => {
  const grant = entry.accepted(T0);
  const misses = (n: number, start = T0 + MINUTE) => series(n, start, MINUTE, (at) => entry.unanswered(at));
  const at = (n: number) => T0 + (n + 1) * MINUTE;

  it.each([
    [c.reconsider - 1, false, false, 'temporary'],
    [c.reconsider, true, false, 'temporary'],
    [c.revoke - 1, true, false, 'temporary'],
    [c.revoke, true, true, 'revoked'],
  ] as const)('after %i unanswered calls: reconsider sent %s, revoked %s', (n, reconsiderSent, revoked, state) => {
    const e = evaluate(c, [grant, ...misses(n)], at(n));
    expect(e.streak).toEqual({
      count: n, reconsiderThreshold: c.reconsider, revokeThreshold: c.revoke, since: T0,
      reconsiderSent, revoked, nextUnansweredRevokes: n === c.revoke - 1,
    });
    expect(e.permission.state).toBe(state);
    expect(e.call.allowed).toBe(!revoked);
  });

  it('revokes at the threshold call even before the revoke webhook is recorded', () => {
    const calls = misses(c.revoke);
    const revokedAt = calls.at(-1)!.at;
    const e = evaluate(c, [grant, ...calls], revokedAt + HOUR);
    expect(e.permission).toMatchObject({ state: 'revoked', endedAt: revokedAt, source: 'automatic' });
    expect(e.call.refusals).toEqual([{ code: 138006, reason: 'permission_revoked', until: null, revokedAt, unansweredCalls: c.revoke }]);
    // Recording the automatic reject changes nothing the agent sees.
    const recorded = evaluate(c, [grant, ...calls, entry.revoked(revokedAt)], revokedAt + HOUR);
    expect(recorded.call.refusals).toEqual(e.call.refusals);
  });

  it('restarts after a connected business-initiated call', () => {
    const e = evaluate(c, [grant, ...misses(c.revoke - 1), entry.connected(at(c.revoke)), ...misses(1, at(c.revoke + 1))], at(c.revoke + 2));
    expect(e.streak).toMatchObject({ count: 1, since: at(c.revoke) });
    expect(e.permission.state).toBe('temporary');
  });

  it('is not broken by a user-initiated call', () => {
    const e = evaluate(c, [grant, ...misses(c.revoke - 1), entry.connected(at(c.revoke), 'user_initiated'), ...misses(1, at(c.revoke + 1))], at(c.revoke + 2));
    expect(e.streak.count).toBe(c.revoke);
    expect(e.permission.state).toBe('revoked');
  });

  it('restarts on a new grant, which makes the customer callable again', () => {
    const regrant = entry.accepted(at(c.revoke + 5));
    const e = evaluate(c, [grant, ...misses(c.revoke), entry.revoked(at(c.revoke)), regrant], at(c.revoke + 6));
    expect(e.streak).toMatchObject({ count: 0, since: regrant.at, reconsiderSent: false, revoked: false });
    expect(e.permission.state).toBe('temporary');
    expect(e.call.allowed).toBe(true);
  });

  it('fires the reconsider message and the revoke exactly once, on the crossing calls', () => {
    const base = { profile: policyProfiles[c.profileId], tier: c.tier, businessWaId: numbers.BR, callingEnabled: true };
    let ledger: LedgerEntry[] = [grant];
    const fired: string[] = [];
    for (const call of misses(c.revoke)) {
      const effects = unansweredCallEffects({ ...base, ledger, call });
      if (effects.reconsider) fired.push(`reconsider@${effects.after.streak.count}`);
      if (effects.revoke) fired.push(`revoke@${effects.after.streak.count}`);
      ledger = [...ledger, call];
      // A replayed call id has no effect.
      const replay = unansweredCallEffects({ ...base, ledger, call });
      expect(replay).toMatchObject({ duplicate: true, reconsider: false, revoke: false });
    }
    expect(fired).toEqual([`reconsider@${c.reconsider}`, `revoke@${c.revoke}`]);
  });

  it('has no effect without a permission in force', () => {
    const base = { profile: policyProfiles[c.profileId], tier: c.tier, businessWaId: numbers.BR, callingEnabled: true };
    const ledger = misses(c.revoke - 1);
    const effects = unansweredCallEffects({ ...base, ledger, call: entry.unanswered(at(c.revoke + 1)) });
    expect(effects).toMatchObject({ reconsider: false, revoke: false });
  });
});
