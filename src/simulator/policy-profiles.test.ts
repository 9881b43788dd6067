/**
 * The policy profile (`SIMULATOR_POLICY_PROFILE`, `PUT /_sim/policy`) and the limits that need a
 * world of their own: meta-2026's 100 calls and lifted Turkey restriction, the sandbox tier's
 * 100 calls, and 138002 with a concurrency limit shrunk for the test (Meta's is 1000).
 */
import { describe, expect, it } from 'vitest';
import { simPolicySchema } from '../shared/sim-api.ts';
import {
  callPermissions, connect, connectedCall, expectRefusal, requestPermission, scriptUser,
} from './test-support/call-driver.ts';
import { ANA, BR, BRUNO, CARLA, DIEGO, SANDBOX, endBody, useHarness, type Harness } from './test-support/harness.ts';

/** A Turkish production number, in this test world only (+90 212, Istanbul). */
const TR = '100000000000090';

function addTurkishNumber(h: Harness): void {
  h.sim.core.ctx.world.addBusiness({
    phoneNumberId: TR, number: '902122345678', name: 'Ringside Destek TR', profile: 'production', wabaId: '200000000000001',
    calling: { status: 'ENABLED', call_icon_visibility: 'DEFAULT', callback_permission_status: 'DISABLED' },
    restrictions: [], allowList: new Set(),
  });
}

/** Puts `count` connected business-initiated calls of the last hour straight into the pair's ledger. */
function fillConnectedCalls(h: Harness, pnid: string, waId: string, count: number): void {
  const now = h.sim.core.ctx.clock.now();
  for (let i = 1; i <= count; i++) {
    h.sim.core.ctx.world.ledgers.append(pnid, waId, { type: 'call_connected', id: `wacid.fill.${i}`, at: now - i * 1000, direction: 'business_initiated' });
  }
}

describe('started with SIMULATOR_POLICY_PROFILE=meta-2026', () => {
  const h = useHarness({ autoBusinessMedia: true, policyProfile: 'meta-2026' });

  it('GET/PUT /_sim/policy switch the profile at run time; reset restores the configured one', async () => {
    expect(simPolicySchema.parse((await h.control('GET', '/policy')).json).profile).toBe('meta-2026');
    const put = await h.control('PUT', '/policy', { profile: 'seed-2025' });
    expect(put.json).toEqual({ profile: 'seed-2025', label: expect.stringContaining('10 calls per 24 h') });
    expect((await callPermissions(h, BR, BRUNO)).actions[1].limits[0].max_allowed).toBe(10);
    expect((await h.control('PUT', '/policy', { profile: 'meta-2027' })).status).toBe(400);
    expect((await h.control('PUT', '/policy', {})).status).toBe(400);
    await h.control('POST', '/reset');
    expect((await h.control('GET', '/policy')).json.profile).toBe('meta-2026');
    expect((await callPermissions(h, BR, BRUNO)).actions[1].limits[0].max_allowed).toBe(100);
  });

  it('138012 at the 101st connected call of a production number', async () => {
    fillConnectedCalls(h, BR, BRUNO, 99);
    await scriptUser(h, BRUNO, 'answer');
    await connectedCall(h, BR, BRUNO);
    expect(expectRefusal(await connect(h, BR, BRUNO), 400, 138012)).toMatch(/^Daily limit reached: 100 of 100 connected calls/);
  });

  it('Turkey may call under meta-2026; switching back to seed-2025 restricts it (138013)', async () => {
    addTurkishNumber(h);
    await h.control('PUT', `/users/${CARLA}`, { on_permission_request: 'accept', answer_after_ms: 0 });
    expect((await requestPermission(h, TR, CARLA)).status).toBe(200);
    await h.advance(0);
    await h.receiver.waitFor(() => h.receiver.received.length === 1, 'the permission reply');
    expect((await connect(h, TR, CARLA)).status).toBe(200);

    await h.control('PUT', '/policy', { profile: 'seed-2025' });
    expect(expectRefusal(await connect(h, TR, ANA), 400, 138013)).toMatch(/ \(\+90\)\./);
    expect((await callPermissions(h, TR, ANA)).actions[1].can_perform_action).toBe(false);
  });
});

describe('seed-2025 sandbox tier', () => {
  const h = useHarness({ autoBusinessMedia: true });

  it('138012 at the 101st connected call of the sandbox number', async () => {
    fillConnectedCalls(h, SANDBOX, BRUNO, 99);
    await scriptUser(h, BRUNO, 'answer');
    await connectedCall(h, SANDBOX, BRUNO);
    expect(expectRefusal(await connect(h, SANDBOX, BRUNO), 400, 138012)).toMatch(/100 of 100 connected calls/);
    // The production number's count is its own.
    expect((await callPermissions(h, BR, BRUNO)).actions[1].limits).toEqual([{ time_period: 'PT24H', max_allowed: 10, current_usage: 0 }]);
  });
});

describe('concurrency (the test shrinks the limit to 1 call per direction)', () => {
  const h = useHarness({ autoBusinessMedia: true, concurrentCalls: { inbound: 1, outbound: 1 } });

  it('138002 for a second business-initiated call on the number, after 138003 for the same user; free again once it ends', async () => {
    await scriptUser(h, BRUNO, 'ignore');
    const first = await connect(h, BR, BRUNO);
    expect(first.status).toBe(200);
    const callId = first.json.calls[0].id as string;

    expectRefusal(await connect(h, BR, BRUNO), 400, 138003);
    const details = expectRefusal(await connect(h, BR, ANA), 429, 138002);
    expect(details).toBe('This business number already has 1 of 1 outbound call in progress. A new call is possible as soon as one of them ends.');
    // Each number has its own limit.
    expect((await connect(h, SANDBOX, ANA)).status).toBe(200);

    await h.receiver.waitForEvents(callId, ['connect', 'RINGING']);
    await h.graph('POST', `/${BR}/calls`, endBody('terminate', callId));
    expect((await connect(h, BR, ANA)).status).toBe(200);
  });

  it('inbound calls are limited on their own: the second caller cannot place the call and no webhook is sent', async () => {
    expect((await h.control('POST', `/users/${CARLA}/calls`, { phone_number_id: BR })).status).toBe(200);
    const refused = await h.control('POST', `/users/${DIEGO}/calls`, { phone_number_id: BR });
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toMatch(/138002.*can't place the call.*1 of 1 inbound call/);
    // Outbound has its own slot.
    expect((await connect(h, BR, BRUNO)).status).toBe(200);
    await h.sim.webhooksIdle();
    const callers = h.receiver.received.map((w) => w.body.entry[0].changes[0].value.contacts[0].wa_id);
    expect(callers).not.toContain(DIEGO);
  });
});
