import { describe, expect, it } from 'vitest';
import { ledgerEntrySchema, ledgerSchema, normalizeLedger, type LedgerEntry } from './ledger.ts';
import { DAY, HOUR, MINUTE, T0, entry, evaluate, tierCases } from './test-kit.ts';

/** Deterministic shuffle (mulberry32), so a failure reproduces. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The same fact with its fields in another order, as a re-parsed webhook would give it. */
const reordered = (e: LedgerEntry): LedgerEntry => Object.fromEntries(Object.entries(e).reverse()) as LedgerEntry;

// A busy week of one pair: requests, a decline, a grant, calls of every kind, a streak.
const history: LedgerEntry[] = [
  entry.requested(T0),
  entry.declined(T0 + HOUR),
  entry.requested(T0 + DAY + 2 * HOUR, 'free_form'),
  entry.accepted(T0 + DAY + 3 * HOUR),
  entry.connected(T0 + DAY + 4 * HOUR),
  entry.connected(T0 + DAY + 5 * HOUR, 'user_initiated'),
  entry.unanswered(T0 + DAY + 6 * HOUR),
  entry.unanswered(T0 + DAY + 7 * HOUR),
  entry.connected(T0 + 2 * DAY),
  entry.unanswered(T0 + 2 * DAY + HOUR),
  entry.unanswered(T0 + 2 * DAY + 2 * HOUR),
  entry.unanswered(T0 + 2 * DAY + 3 * HOUR),
  entry.requested(T0 + 3 * DAY),
];
const instants = [T0 + 30 * MINUTE, T0 + DAY + 6 * HOUR + MINUTE, T0 + 2 * DAY + 4 * HOUR, T0 + 3 * DAY + HOUR, T0 + 9 * DAY];

describe.each(tierCases)('replayed and reordered webhooks: $profileId / $tier', (c) => {
  it.each(Array.from({ length: 12 }, (_, seed) => seed))('gives identical results for shuffle %i with duplicates', (seed) => {
    const replayed = shuffled([...history, ...history.map(reordered), ...history.slice(0, 5)], seed + 1);
    for (const now of instants) expect(evaluate(c, replayed, now)).toEqual(evaluate(c, history, now));
  });
});

describe('normalizeLedger', () => {
  it('deduplicates by id, sorts by time and is idempotent', () => {
    const once = normalizeLedger(shuffled([...history, ...history], 7));
    expect(once).toEqual(history);
    expect(normalizeLedger(once)).toEqual(once);
  });

  it('drops entries after now', () => {
    expect(normalizeLedger(history, T0 + HOUR)).toEqual(history.slice(0, 2));
  });

  it('counts a call recorded both as unanswered and as connected as connected, in any order', () => {
    const id = 'wacid.late-accepted';
    const missed: LedgerEntry = { type: 'call_unanswered', id, at: T0 + 40_000 };
    const answered: LedgerEntry = { type: 'call_connected', id, at: T0 + 30_000, direction: 'business_initiated' };
    expect(normalizeLedger([missed, answered])).toEqual([answered]);
    expect(normalizeLedger([answered, missed])).toEqual([answered]);
  });

  it('picks the same entry for conflicting copies of an id whatever the order', () => {
    const a = entry.accepted(T0);
    const b = { ...a, at: T0 + 5 };
    expect(normalizeLedger([a, b])).toEqual(normalizeLedger([b, a]));
    expect(normalizeLedger([b, a])).toEqual([a]);
  });
});

describe('ledgerEntrySchema', () => {
  it('parses every entry kind and a whole ledger', () => {
    expect(ledgerSchema.parse(history)).toEqual(history);
  });

  it.each([
    ['a missing id', { type: 'call_unanswered', at: T0 }],
    ['an empty id', { type: 'call_unanswered', id: '', at: T0 }],
    ['a fractional time', { type: 'call_unanswered', id: 'x', at: 1.5 }],
    ['an unknown kind', { type: 'call_missed', id: 'x', at: T0 }],
    ['an unknown request kind', { type: 'permission_requested', id: 'x', at: T0, via: 'sms' }],
  ])('rejects %s', (_label, value) => {
    expect(ledgerEntrySchema.safeParse(value).success).toBe(false);
  });
});
