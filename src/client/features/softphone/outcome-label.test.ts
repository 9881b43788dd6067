import { describe, expect, it } from 'vitest';
import { outcomeKey, outcomeLabel } from './outcome-label.ts';

const call = (over: Partial<Parameters<typeof outcomeLabel>[0]>) => ({
  outcome: null, status: 'ended' as const, direction: 'user_initiated' as const, agentId: null, agentName: null, nobodyAvailable: false, ...over,
});

describe('outcome labels', () => {
  it('names each outcome as what it is', () => {
    expect(outcomeLabel(call({ outcome: 'rejected' }))).toBe('Declined by agent');
    expect(outcomeLabel(call({ outcome: 'declined', direction: 'business_initiated' }))).toBe('Declined by customer');
    expect(outcomeLabel(call({ outcome: 'missed' }))).toBe('Missed');
    expect(outcomeLabel(call({ outcome: 'missed', nobodyAvailable: true }))).toBe('Missed: nobody available');
    expect(outcomeKey(call({ outcome: 'missed', nobodyAvailable: true }))).toBe('nobody_available');
    expect(outcomeLabel(call({ outcome: 'cancelled', direction: 'business_initiated' }))).toBe('Cancelled');
    expect(outcomeLabel(call({ outcome: 'failed' }))).toBe('Failed');
    expect(outcomeLabel(call({ outcome: null, status: 'ringing' }))).toBe('Ringing');
  });

  it('says "taken by" another agent to the agent it rang, and completed to everyone else', () => {
    const taken = call({ outcome: 'completed', agentId: 'ben', agentName: 'Ben Agent' });
    expect(outcomeLabel(taken, 'ana')).toBe('Taken by Ben Agent');
    expect(outcomeKey(taken, 'ana')).toBe('taken');
    expect(outcomeLabel(taken, 'ben')).toBe('Completed');
    expect(outcomeLabel(taken)).toBe('Completed');
  });
});
