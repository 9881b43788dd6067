import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../shared/agent-api.ts';
import { openTestDb, postgresAvailable, type TestDb } from '../test-support.ts';
import { createPgBus, type BusMessage, type EventBus } from './event-bus.ts';

const pgUp = await postgresAvailable();
if (!pgUp) console.warn('Skipping the LISTEN/NOTIFY fan-out tests: no PostgreSQL answers at TEST_DATABASE_URL.');

describe.skipIf(!pgUp)('fan-out between instances over PostgreSQL LISTEN/NOTIFY, through the outbox', () => {
  let db: TestDb;
  const buses: EventBus[] = [];
  beforeAll(async () => { db = await openTestDb('postgres'); });
  afterAll(async () => {
    for (const b of buses) await b.close();
    await db.close();
  });
  const bus = async () => {
    const b = await createPgBus(db.db, db.url!, (e) => { throw e; });
    buses.push(b);
    return b;
  };
  const next = (b: EventBus, n = 1) => new Promise<BusMessage[]>((resolve) => {
    const got: BusMessage[] = [];
    const off = b.subscribe((m) => {
      got.push(m);
      if (got.length === n) { off(); resolve(got); }
    });
  });

  it('delivers an event committed on one instance to the other, once, and not before the commit', async () => {
    const [a, b] = [await bus(), await bus()];
    const onB = next(b);
    const event: AgentEvent = { type: 'call.claimed', callId: 'wacid.1', agentId: 'u2', agentName: 'Ben' };
    let seenBeforeCommit = false;
    await a.transaction(async (_tx, publish) => {
      publish({ kind: 'users', userIds: ['u1'] }, event);
      await new Promise((r) => setTimeout(r, 50)); // b must not hear it while the transaction is open
      seenBeforeCommit = (await Promise.race([onB.then(() => true), Promise.resolve(false)]));
    });
    expect(seenBeforeCommit).toBe(false);
    const [got] = await onB;
    expect(got).toMatchObject({ to: { kind: 'users', userIds: ['u1'] }, event });
  });

  it('carries an event of any size (a connect with a 9 kB offer) to another instance', async () => {
    const [a, b] = [await bus(), await bus()];
    const offerSdp = `v=0\r\n${'a=candidate:1 1 udp 2113937151 10.0.0.1 54400 typ host\r\n'.repeat(170)}`;
    expect(offerSdp.length).toBeGreaterThan(9000);
    const onB = next(b);
    const call = {
      id: 'wacid.BIG', direction: 'user_initiated' as const, businessNumberId: '1', waId: '5511912345678', contactName: 'Ana', displayNumber: '+55 11 91234 5678', agentId: null, agentName: null,
      status: 'ringing' as const, startedAt: new Date(0).toISOString(), answeredAt: null, endedAt: null, durationSeconds: null, outcome: null, endMessage: null, errorCode: null,
      ringAgentIds: [], quality: null, context: null,
    };
    await a.publish({ kind: 'all' }, { type: 'call.incoming', call, offerSdp });
    const [got] = await onB;
    expect(got?.event).toMatchObject({ type: 'call.incoming', offerSdp });
  });

  it('does not deliver what a rolled-back transaction published', async () => {
    const [a, b] = [await bus(), await bus()];
    const received: BusMessage[] = [];
    b.subscribe((m) => received.push(m));
    await expect(a.transaction(async (_tx, publish) => {
      publish({ kind: 'all' }, { type: 'contacts.reset' });
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    const after = next(b);
    await a.publish({ kind: 'all' }, { type: 'contact.updated', waId: '1', businessNumberId: '2' });
    await after;
    expect(received.map((m) => m.event.type)).toEqual(['contact.updated']);
  });
});
