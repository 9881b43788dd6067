import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../test-support.ts';
import type { Db } from './open-db.ts';
import { reads } from './reads.ts';

/** A read that records when it started and finishes only when told to. */
function controlled(log: string[], name: string) {
  let finish!: (v: string) => void;
  const thunk = () => {
    log.push(`start ${name}`);
    return new Promise<string>((resolve) => { finish = resolve; });
  };
  return { thunk, finish: (v: string) => finish(v) };
}

describe('reads', () => {
  let t: TestDb;
  beforeAll(async () => { t = await openTestDb('pglite'); });
  afterAll(async () => { await t.close(); });

  it('starts every read at once on the pool', async () => {
    const log: string[] = [];
    const a = controlled(log, 'a');
    const b = controlled(log, 'b');
    const both = reads(t.db, a.thunk, b.thunk);
    expect(log).toEqual(['start a', 'start b']);
    a.finish('A');
    b.finish('B');
    expect(await both).toEqual(['A', 'B']);
  });

  it('inside a transaction, starts each read after the one before finished', async () => {
    await t.db.transaction(async (tx) => {
      const log: string[] = [];
      const a = controlled(log, 'a');
      const b = controlled(log, 'b');
      const both = reads(tx as unknown as Db, a.thunk, b.thunk);
      await Promise.resolve();
      expect(log).toEqual(['start a']);
      a.finish('A');
      await new Promise<void>((resolve) => { const poll = () => (log.length === 2 ? resolve() : setImmediate(poll)); poll(); });
      b.finish('B');
      expect(await both).toEqual(['A', 'B']);
      expect(log).toEqual(['start a', 'start b']);
    });
  });
});
