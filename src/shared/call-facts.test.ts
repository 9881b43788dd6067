import { describe, expect, it } from 'vitest';
import { addFact, deriveCallRecord, type CallDirection, type CallFact } from './call-facts.ts';

const T = 1_795_860_000_000;
const s = (n: number) => T + n * 1000;
const terminate = (n: number, extra: Partial<Extract<CallFact, { kind: 'terminate' }>> = {}): CallFact =>
  ({ kind: 'terminate', at: s(n), status: 'COMPLETED', startTime: null, duration: null, error: null, ...extra });

/** Every delivery sequence a call can have, as Meta's facts plus ours. */
const scenarios: Array<{ name: string; direction: CallDirection; facts: CallFact[] }> = [
  { name: 'business call picked up', direction: 'business_initiated', facts: [{ kind: 'answer', at: s(1) }, { kind: 'ringing', at: s(2) }, { kind: 'accepted', at: s(5) }, terminate(47, { startTime: s(5), duration: 42 })] },
  { name: 'business call picked up, ACCEPTED lost', direction: 'business_initiated', facts: [{ kind: 'answer', at: s(1) }, { kind: 'ringing', at: s(2) }, terminate(47, { startTime: s(5), duration: 42 })] },
  { name: 'business call declined', direction: 'business_initiated', facts: [{ kind: 'answer', at: s(1) }, { kind: 'ringing', at: s(2) }, { kind: 'rejected', at: s(4) }, terminate(4)] },
  { name: 'business call not answered', direction: 'business_initiated', facts: [{ kind: 'answer', at: s(1) }, { kind: 'ringing', at: s(2) }, terminate(32)] },
  { name: 'business call cancelled by the agent', direction: 'business_initiated', facts: [{ kind: 'answer', at: s(1) }, { kind: 'ringing', at: s(2) }, { kind: 'hangup_sent', at: s(6), agentId: 'a1' }, terminate(6)] },
  { name: 'business call failed with no media', direction: 'business_initiated', facts: [{ kind: 'answer', at: s(1) }, { kind: 'accepted', at: s(3) }, terminate(23, { status: 'FAILED', startTime: s(3), duration: 20, error: { code: 138021, message: 'no media' } })] },
  { name: 'customer call answered', direction: 'user_initiated', facts: [{ kind: 'offer', at: s(0) }, { kind: 'agent_answered', at: s(4), agentId: 'a1' }, { kind: 'hangup_sent', at: s(60), agentId: 'a1' }, terminate(60, { startTime: s(4), duration: 56 })] },
  { name: 'customer call declined by the agent', direction: 'user_initiated', facts: [{ kind: 'offer', at: s(0) }, { kind: 'agent_rejected', at: s(3), agentId: 'a1' }, terminate(3)] },
  { name: 'customer call missed', direction: 'user_initiated', facts: [{ kind: 'offer', at: s(0) }, terminate(45)] },
  { name: 'customer call whose agent vanished', direction: 'user_initiated', facts: [{ kind: 'offer', at: s(0) }, { kind: 'agent_answered', at: s(4), agentId: 'a1' }, { kind: 'ended_locally', at: s(70), reason: 'no_holder', code: null, message: null }] },
];

/** A deterministic pseudo-random generator, so a failure names a reproducible case. */
function rng(seed: number) {
  let x = seed;
  return () => ((x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/** Applies deliveries one at a time, as the server does, and derives the record after the last. */
function replay(direction: CallDirection, deliveries: readonly CallFact[]) {
  let facts: CallFact[] = [];
  for (const fact of deliveries) facts = addFact(facts, fact).facts;
  return deriveCallRecord(direction, facts);
}

describe('a call record is the merge of its facts', () => {
  describe.each(scenarios)('$name', ({ direction, facts }) => {
    const expected = deriveCallRecord(direction, facts);

    it('is the same for every order of the deliveries', () => {
      for (const order of permutations(facts)) expect(replay(direction, order)).toEqual(expected);
    });

    it('is the same with any number of duplicates, in any order', () => {
      const random = rng(facts.length * 7919);
      for (let round = 0; round < 200; round++) {
        const deliveries = facts.flatMap((f) => Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({ ...f })));
        deliveries.sort(() => random() - 0.5);
        expect(replay(direction, deliveries)).toEqual(expected);
      }
    });
  });

  it('counts a business call as connected when the terminate carries a duration, even with ACCEPTED lost', () => {
    const r = deriveCallRecord('business_initiated', scenarios[1]!.facts);
    expect(r).toMatchObject({ status: 'ended', outcome: 'completed', durationSeconds: 42, answeredAt: s(5), ledger: { type: 'call_connected', at: s(5) } });
  });

  it('turns an unanswered record into a connected one when a late ACCEPTED arrives', () => {
    const early = deriveCallRecord('business_initiated', [{ kind: 'answer', at: s(1) }, terminate(30)]);
    expect(early.ledger).toEqual({ type: 'call_unanswered', at: s(30) });
    const late = deriveCallRecord('business_initiated', [{ kind: 'answer', at: s(1) }, terminate(30), { kind: 'accepted', at: s(10) }]);
    expect(late).toMatchObject({ outcome: 'completed', ledger: { type: 'call_connected', at: s(10) } });
  });

  it.each([
    [0, 'completed', 'call_connected'], [2, 'declined', 'call_unanswered'], [3, 'missed', 'call_unanswered'], [4, 'cancelled', null],
    [5, 'failed', 'call_connected'], [6, 'completed', 'call_connected'], [7, 'rejected', null], [8, 'missed', null], [9, 'completed', 'call_connected'],
  ] as const)('scenario %i ends %s and leaves %s in the ledger', (i, outcome, ledger) => {
    const r = deriveCallRecord(scenarios[i]!.direction, scenarios[i]!.facts);
    expect(r.outcome).toBe(outcome);
    expect(r.ledger?.type ?? null).toBe(ledger);
  });

  it('keeps a call live until a terminate or a local end arrives', () => {
    expect(deriveCallRecord('business_initiated', []).status).toBe('dialing');
    expect(deriveCallRecord('business_initiated', [{ kind: 'answer', at: s(1) }]).status).toBe('connecting');
    expect(deriveCallRecord('business_initiated', [{ kind: 'ringing', at: s(2) }, { kind: 'answer', at: s(1) }]).status).toBe('ringing');
    expect(deriveCallRecord('user_initiated', [{ kind: 'offer', at: s(0) }]).status).toBe('ringing');
    expect(deriveCallRecord('user_initiated', [{ kind: 'offer', at: s(0) }, { kind: 'agent_answered', at: s(2), agentId: 'a' }]).status).toBe('active');
  });

  it('ignores a repeated fact and keeps the earliest of two different ones', () => {
    const once = addFact([], { kind: 'ringing', at: s(2) });
    expect(addFact(once.facts, { kind: 'ringing', at: s(2) }).changed).toBe(false);
    const earlier = addFact(once.facts, { kind: 'ringing', at: s(1) });
    expect(earlier).toEqual({ facts: [{ kind: 'ringing', at: s(1) }], changed: true });
    expect(addFact(earlier.facts, { kind: 'ringing', at: s(3) }).changed).toBe(false);
  });
});
