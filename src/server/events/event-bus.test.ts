import { afterAll, describe, expect, it } from 'vitest';
import { postgresAvailable, testPgUrl } from '../test-support.ts';
import { createPgBus, type BusMessage, type EventBus } from './event-bus.ts';

const pgUp = await postgresAvailable();
if (!pgUp) console.warn('Skipping the LISTEN/NOTIFY fan-out test: no PostgreSQL answers at TEST_DATABASE_URL.');

describe.skipIf(!pgUp)('fan-out between instances over PostgreSQL LISTEN/NOTIFY', () => {
  const buses: EventBus[] = [];
  afterAll(async () => { for (const b of buses) await b.close(); });

  it('delivers an event published on one instance to another', async () => {
    const a = await createPgBus(testPgUrl, (e) => { throw e; });
    const b = await createPgBus(testPgUrl, (e) => { throw e; });
    buses.push(a, b);
    const received = new Promise<BusMessage>((resolve) => b.subscribe(resolve));
    await a.publish({ kind: 'users', userIds: ['u1'] }, { type: 'call.claimed', callId: 'wacid.1', agentId: 'u2', agentName: 'Ben' });
    await expect(received).resolves.toEqual({ to: { kind: 'users', userIds: ['u1'] }, event: { type: 'call.claimed', callId: 'wacid.1', agentId: 'u2', agentName: 'Ben' } });
  });
});
