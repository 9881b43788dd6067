import { describe, expect, it } from 'vitest';
import { contactSchema, type Contact } from '../../shared/agent-api.ts';
import { contactFrom, DAY, HOUR, ledger, T0, usWaId } from '../features/softphone/testing/policy-world.tsx';
import { contactShape, sessionShape } from './agent-shapes.ts';
import { fits, rowsOf, shaped, shapeProblem, ShapeError, type Spec } from './shape.ts';

/** Contacts in every state the policy knows, as the server builds them. */
const world: Contact[] = [
  contactFrom({ name: 'None', waId: '5511900000001', entries: [] }),
  contactFrom({ name: 'Temporary', waId: '5511900000002', entries: [ledger.accepted(T0 - HOUR)] }),
  contactFrom({ name: 'Declined', waId: '5511900000003', entries: [ledger.requested(T0 - DAY), ledger.declined(T0 - HOUR)] }),
  contactFrom({ name: 'Busy', waId: '5511900000004', entries: [ledger.accepted(T0 - DAY), ...Array.from({ length: 10 }, (_, i) => ledger.connected(T0 - HOUR + i))] }),
  contactFrom({ name: 'Restricted line', waId: 'BR.13491208655302741918', entries: [ledger.accepted(T0 - HOUR)], businessWaId: usWaId }),
];

/** Every path the shape names, with its spec: `eligibility.call.allowed` → 'boolean'. */
function pathsOf(spec: object, prefix: string[] = []): Array<{ path: string[]; leaf: string }> {
  return Object.entries(spec).flatMap(([key, sub]) => {
    const path = [...prefix, key];
    if (typeof sub === 'string') return [{ path, leaf: sub }];
    if (Array.isArray(sub)) return [{ path, leaf: 'array' }];
    return pathsOf(sub as object, path);
  });
}

function withValue(value: unknown, path: string[], replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  let node = copy;
  path.slice(0, -1).forEach((key) => (node = node[key] as Record<string, unknown>));
  node[path.at(-1)!] = replacement;
  return copy;
}

describe('shapes typed by the contract', () => {
  it('accept whatever the zod contract accepts, for contacts in every policy state', () => {
    for (const contact of world) {
      expect(contactSchema.safeParse(contact).success).toBe(true);
      expect(shapeProblem(contact, contactShape)).toBeNull();
    }
  });

  // Property: breaking any field the shape names is caught, and the problem names that field.
  it('name the exact path of any field that is missing or of the wrong kind', () => {
    const contact = world[1]!;
    for (const { path, leaf } of pathsOf(contactShape)) {
      const wrong = leaf.startsWith('string') ? 42 : 'x';
      expect(shapeProblem(withValue(contact, path, wrong), contactShape)).toMatch(new RegExp(`^${path.join('\\.')}: expected`));
      const missing = shapeProblem(withValue(contact, path, undefined), contactShape);
      if (leaf.endsWith('?')) expect(missing).toBeNull();
      else expect(missing).toMatch(new RegExp(`^${path.join('\\.')}: expected .*, got nothing$`));
    }
  });

  it('check every row of a nested list and each side of a nullable object', () => {
    const bad = withValue(world[4], ['eligibility', 'call', 'refusals'], [{ code: 138013, reason: 'country_unavailable', until: null }, { code: '138006' }]);
    expect(shapeProblem(bad, contactShape)).toBe('eligibility.call.refusals[1].code: expected number or null, got string');
    expect(fits({ me: null }, sessionShape)).toBe(true);
    expect(shapeProblem({ me: { id: 'u1' } }, sessionShape)).toBe('me.username: expected string, got nothing');
    expect(shapeProblem(undefined, sessionShape)).toBe('the answer: expected an object, got nothing');
  });

  it('trust the fields they do not name', () => {
    const spec: Spec<{ a: string; b: number }> = { a: 'string' };
    expect(fits({ a: 'x', b: 'not a number', extra: true }, spec)).toBe(true);
    expect(() => shaped(spec)({ a: 1 })).toThrow(new ShapeError('a: expected string, got number'));
  });
});

describe('rowsOf', () => {
  it('keeps every readable row in order and leaves out the others with their key and problem', () => {
    const odd = { ...world[0]!, waId: 12345 };
    const rows = rowsOf(contactShape)([world[0], odd, world[1], 'garbage', world[2]]);
    expect(rows.rows.map((c) => c.name)).toEqual(['None', 'Temporary', 'Declined']);
    expect(rows.skipped).toEqual([
      { index: 1, key: '12345', problem: '[1].waId: expected string, got number' },
      { index: 3, key: null, problem: '[3]: expected an object, got string' },
    ]);
  });

  it('refuses an answer that is not a list at all', () => {
    expect(() => rowsOf(contactShape)({ contacts: [] })).toThrow(ShapeError);
  });
});
