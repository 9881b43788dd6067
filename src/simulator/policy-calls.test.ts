/**
 * Meta's calling policy on `connect` and `call_permissions`, through the Graph API with the
 * simulator clock: each refusal in the situation Meta produces it (seed-2025 profile, the
 * default), the rolling 24 h call limit, expiry after 7 days, and the demo history's seeded calls.
 */
import { describe, expect, it } from 'vitest';
import { callPermissionsResponseSchema } from '../shared/meta-api.ts';
import {
  DAY, HOUR, callPermissions, connect, connectedCall, connectedUserCall, expectRefusal, requestPermission, scriptUser, seconds, utcTime,
} from './test-support/call-driver.ts';
import { ANA, BR, BRUNO, CARLA, DIEGO, FRANK_NOT_ON_WHATSAPP, GABRIEL, US, useHarness } from './test-support/harness.ts';

const h = useHarness({ autoBusinessMedia: true });

describe('connect refusals (seed-2025, production number)', () => {
  it('138012 at the 11th connected call within 24 h; the next call is allowed when the first leaves the window', async () => {
    await scriptUser(h, BRUNO, 'answer');
    const firstAt = await h.advance(0);
    for (let i = 0; i < 10; i++) await connectedCall(h, BR, BRUNO);

    const details = expectRefusal(await connect(h, BR, BRUNO), 400, 138012);
    expect(details).toBe(`Daily limit reached: 10 of 10 connected calls in the last 24 hours. The next call is possible at ${utcTime(firstAt + DAY)}.`);
    const view = callPermissionsResponseSchema.parse(await callPermissions(h, BR, BRUNO));
    expect(view.permission).toEqual({ status: 'permanent' });
    expect(view.actions[1]).toEqual({
      action_name: 'start_call', can_perform_action: false,
      limits: [{ time_period: 'PT24H', max_allowed: 10, current_usage: 10, limit_expiration_time: seconds(firstAt + DAY) }],
    });

    // Hitting the limit does not revoke anything (reference §5); the window rolls.
    await h.advance(DAY - 1);
    expectRefusal(await connect(h, BR, BRUNO), 400, 138012);
    await h.advance(1);
    await connectedCall(h, BR, BRUNO);
  });

  it('the seeded history counts: Gabriel has 9 connected calls in the last 9 hours, so the 10th is the last', async () => {
    const now = await h.advance(0);
    const before = await callPermissions(h, BR, GABRIEL);
    expect(before.actions[1]).toEqual({ action_name: 'start_call', can_perform_action: true, limits: [{ time_period: 'PT24H', max_allowed: 10, current_usage: 9 }] });

    await scriptUser(h, GABRIEL, 'answer');
    await connectedCall(h, BR, GABRIEL);
    // The oldest seeded call was 9 hours ago: it leaves the window 15 hours from now.
    const details = expectRefusal(await connect(h, BR, GABRIEL), 400, 138012);
    expect(details).toContain(`The next call is possible at ${utcTime(now - 9 * HOUR + DAY)}.`);
    const after = await callPermissions(h, BR, GABRIEL);
    expect(after.actions[1].limits).toEqual([{ time_period: 'PT24H', max_allowed: 10, current_usage: 10, limit_expiration_time: seconds(now + 15 * HOUR) }]);
  });

  it('user-initiated calls do not count against the business-initiated call limit', async () => {
    await connectedUserCall(h, BR, GABRIEL);
    const view = await callPermissions(h, BR, GABRIEL);
    expect(view.actions[1].limits[0].current_usage).toBe(9);
  });

  it('138006 once a temporary permission is 7 days old (no webhook: expiry is a matter of time)', async () => {
    await h.control('PUT', `/users/${CARLA}`, { on_permission_request: 'accept', answer_after_ms: 0 });
    expect((await requestPermission(h, BR, CARLA)).status).toBe(200);
    const grantedAt = await h.advance(0);
    await h.receiver.waitFor(() => h.receiver.received.length === 1, 'the permission reply');
    expect((await callPermissions(h, BR, CARLA)).permission).toEqual({ status: 'temporary', expiration_time: seconds(grantedAt) + 7 * 24 * 3600 });

    await h.advance(7 * DAY - 1000);
    expect((await callPermissions(h, BR, CARLA)).permission.status).toBe('temporary');
    await h.advance(1000);
    const details = expectRefusal(await connect(h, BR, CARLA), 401, 138006);
    expect(details).toBe(`The customer's temporary permission expired at ${utcTime(seconds(grantedAt) * 1000 + 7 * DAY)}. Calling becomes possible only when the customer grants permission again.`);
    const view = await callPermissions(h, BR, CARLA);
    expect(view.permission).toEqual({ status: 'no_permission' });
    expect(view.actions[1].can_perform_action).toBe(false);
    await h.sim.webhooksIdle();
    expect(h.receiver.received).toHaveLength(1);
  });

  it('138006 for never granted and for declined, each explained', async () => {
    expect(expectRefusal(await connect(h, BR, CARLA), 401, 138006)).toMatch(/has not allowed calls/);
    expect(expectRefusal(await connect(h, BR, DIEGO), 401, 138006)).toMatch(/declined calls from this business at \d\d:\d\d UTC/);
  });

  it('138013 for the US number, before 138001 and 138006; 138001 before 138006 on an allowed number', async () => {
    expect(expectRefusal(await connect(h, US, FRANK_NOT_ON_WHATSAPP), 400, 138013)).toMatch(/United States \(\+1\)/);
    expectRefusal(await connect(h, US, CARLA), 400, 138013);
    expectRefusal(await connect(h, BR, FRANK_NOT_ON_WHATSAPP), 400, 138001);
    const view = await callPermissions(h, US, ANA);
    expect(view.permission.status).toBe('temporary');
    expect(view.actions[1].can_perform_action).toBe(false);
  });

  it('138000 comes first, for calls and for permission requests', async () => {
    await h.graph('POST', `/${US}/settings`, { calling: { status: 'DISABLED' } });
    expect(expectRefusal(await connect(h, US, FRANK_NOT_ON_WHATSAPP), 401, 138000)).toMatch(/not enabled/);
    expectRefusal(await requestPermission(h, US, CARLA), 401, 138000);
    const view = await callPermissions(h, US, CARLA);
    expect(view.actions.map((a: { can_perform_action: boolean }) => a.can_perform_action)).toEqual([false, false]);
  });

  it('138003 for a call with the same user in progress comes after the pair checks', async () => {
    await scriptUser(h, BRUNO, 'ignore');
    expect((await connect(h, BR, BRUNO)).status).toBe(200);
    expectRefusal(await connect(h, BR, BRUNO), 400, 138003);
  });
});

describe('call_permissions shape (reference §4.5)', () => {
  it('before and after a grant and a connected call: status, expiration_time, both actions and their limits', async () => {
    expect(await callPermissions(h, BR, CARLA)).toEqual({
      messaging_product: 'whatsapp',
      permission: { status: 'no_permission' },
      actions: [
        {
          action_name: 'send_call_permission_request', can_perform_action: true,
          limits: [{ time_period: 'PT24H', max_allowed: 1, current_usage: 0 }, { time_period: 'P7D', max_allowed: 2, current_usage: 0 }],
        },
        { action_name: 'start_call', can_perform_action: false, limits: [{ time_period: 'PT24H', max_allowed: 10, current_usage: 0 }] },
      ],
    });

    await h.control('PUT', `/users/${CARLA}`, { on_permission_request: 'accept', answer_after_ms: 0, on_call: 'answer' });
    const sentAt = await h.advance(0);
    expect((await requestPermission(h, BR, CARLA, 'template')).status).toBe(200);
    await h.advance(0);
    await h.receiver.waitFor(() => h.receiver.received.length === 1, 'the permission reply');
    expect(await callPermissions(h, BR, CARLA)).toEqual({
      messaging_product: 'whatsapp',
      permission: { status: 'temporary', expiration_time: seconds(sentAt) + 7 * 24 * 3600 },
      actions: [
        {
          action_name: 'send_call_permission_request', can_perform_action: false,
          limits: [
            { time_period: 'PT24H', max_allowed: 1, current_usage: 1, limit_expiration_time: seconds(sentAt + DAY) },
            { time_period: 'P7D', max_allowed: 2, current_usage: 1 },
          ],
        },
        { action_name: 'start_call', can_perform_action: true, limits: [{ time_period: 'PT24H', max_allowed: 10, current_usage: 0 }] },
      ],
    });

    await connectedCall(h, BR, CARLA);
    const after = await callPermissions(h, BR, CARLA);
    // A connected call resets the request limits (reference §5).
    expect(after.actions[0]).toEqual({
      action_name: 'send_call_permission_request', can_perform_action: true,
      limits: [{ time_period: 'PT24H', max_allowed: 1, current_usage: 0 }, { time_period: 'P7D', max_allowed: 2, current_usage: 0 }],
    });
    expect(after.actions[1].limits).toEqual([{ time_period: 'PT24H', max_allowed: 10, current_usage: 1 }]);
  });

  it('uncallable numbers answer no_permission and can do nothing', async () => {
    const view = await callPermissions(h, BR, FRANK_NOT_ON_WHATSAPP);
    expect(view.permission).toEqual({ status: 'no_permission' });
    expect(view.actions.map((a: { can_perform_action: boolean }) => a.can_perform_action)).toEqual([false, false]);
  });
});
