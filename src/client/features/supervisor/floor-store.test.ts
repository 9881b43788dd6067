import { describe, expect, it } from 'vitest';
import type { CallSummary } from '../../../shared/agent-api.ts';
import { createFloorStore } from './floor-store.ts';
import { anyFilter, visibleCalls } from './live-calls-view.ts';

const call = (id: string, patch: Partial<CallSummary> = {}): CallSummary => ({
  id, direction: 'business_initiated', businessNumberId: 'bn-1', waId: '1', contactName: `C ${id}`, displayNumber: '+1', agentId: 'a1', agentName: 'Ana',
  status: 'active', startedAt: '2026-11-22T10:00:00Z', answeredAt: '2026-11-22T10:00:05Z', endedAt: null, durationSeconds: null, outcome: null,
  endMessage: null, errorCode: null, ringAgentIds: [], quality: null, context: null, ...patch,
});
const quality = { last: { rttMs: 1, jitterMs: 1, lossPct: 0, mos: 4.2, at: '2026-11-22T10:00:10Z' }, worst: { rttMs: 1, jitterMs: 1, lossPct: 0, mos: 4.2 }, average: { rttMs: 1, jitterMs: 1, lossPct: 0, mos: 4.2 }, samples: 1 };

describe('the floor store', () => {
  it('loads a snapshot, adds and updates calls from events, drops ended ones, and patches quality in one batch', () => {
    const store = createFloorStore();
    store.load({ calls: [call('a')], agents: [], serverNow: '2026-11-22T10:01:00Z' }, Date.parse('2026-11-22T10:00:00Z'));
    expect(store.getState().skewMs).toBe(60_000);
    const before = store.getState().version;
    store.apply([{ type: 'call', call: call('b', { status: 'ringing' }) }, { type: 'quality', callId: 'a', quality }, { type: 'call', call: call('a', { status: 'ended', quality }) }]);
    const s = store.getState();
    expect([...s.calls.keys()]).toEqual(['b']);
    expect(s.version).toBe(before + 1);
    store.apply([{ type: 'quality', callId: 'b', quality }, { type: 'agent', agent: { id: 'a1', displayName: 'Ana', role: 'agent', status: { state: 'on_call', since: '', awayReason: null, wrapUpUntil: null } } }]);
    expect(store.getState().calls.get('b')?.quality?.last.mos).toBe(4.2);
    expect(store.getState().agents.get('a1')).toMatchObject({ callsToday: 0, status: { state: 'on_call' } });
  });
});

describe('the live calls view', () => {
  const calls = [
    call('1', { answeredAt: '2026-11-22T10:00:30Z', businessNumberId: 'bn-2', direction: 'user_initiated' }),
    call('2', { answeredAt: '2026-11-22T10:00:10Z', agentId: 'a2', agentName: 'Ben' }),
    call('3', { status: 'ringing', answeredAt: null, agentId: null, agentName: null, ringAgentIds: ['a2'] }),
  ];
  it('sorts the longest-running first by default and by a column either way', () => {
    expect(visibleCalls(calls, anyFilter, { key: 'duration', descending: true }).map((c) => c.id)).toEqual(['3', '2', '1']);
    expect(visibleCalls(calls, anyFilter, { key: 'agent', descending: false }).map((c) => c.id)).toEqual(['3', '1', '2']);
  });
  it('filters by line, agent (including the agents a call rings), direction and state', () => {
    const only = (f: Partial<typeof anyFilter>) => visibleCalls(calls, { ...anyFilter, ...f }, { key: 'started', descending: false }).map((c) => c.id);
    expect(only({ businessNumberId: 'bn-2' })).toEqual(['1']);
    expect(only({ agentId: 'a2' })).toEqual(['2', '3']);
    expect(only({ direction: 'user_initiated' })).toEqual(['1']);
    expect(only({ status: 'ringing' })).toEqual(['3']);
  });
});
