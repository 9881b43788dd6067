/**
 * Call permission requests under Meta's policy, through `/messages` with the simulator clock:
 * 138009 for the daily and weekly request limits and for the wait after a decline, the reset by a
 * connected call, 138017 when permission is permanent, and what the ledger records.
 */
import { describe, expect, it } from 'vitest';
import {
  DAY, HOUR, callPermissions, connectedCall, connectedUserCall, expectRefusal, requestPermission, seconds, utcTime,
} from './test-support/call-driver.ts';
import { BR, BRUNO, CARLA, DIEGO, FRANK_NOT_ON_WHATSAPP, SANDBOX, useHarness } from './test-support/harness.ts';

const h = useHarness({ autoBusinessMedia: true });

const sent = async (pnid: string, waId: string, type: 'interactive' | 'template' = 'interactive') => {
  const res = await requestPermission(h, pnid, waId, type);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json.messages[0].id as string;
};

describe('request limits (production: 1 per 24 h, 2 per 7 days)', () => {
  it('138009 for a second request within 24 h; a connected user-initiated call resets the limit', async () => {
    const firstAt = await h.advance(0);
    await sent(BR, CARLA);
    await h.advance(HOUR);
    const details = expectRefusal(await requestPermission(h, BR, CARLA, 'template'), 400, 138009);
    expect(details).toBe(`Daily request limit reached: 1 of 1 permission request in the last 24 hours. The next request is possible at ${utcTime(firstAt + DAY)}, or sooner if a call with the customer connects.`);

    // Carla has no permission, so only her own call can connect; either direction resets (reference §5).
    await connectedUserCall(h, BR, CARLA);
    await sent(BR, CARLA, 'template');
  });

  it('a connected business-initiated call resets it too', async () => {
    await h.control('PUT', `/users/${CARLA}`, { on_permission_request: 'accept', answer_after_ms: 0, on_call: 'answer' });
    await sent(BR, CARLA);
    await h.advance(0);
    expectRefusal(await requestPermission(h, BR, CARLA), 400, 138009);
    await connectedCall(h, BR, CARLA);
    await sent(BR, CARLA);
  });

  it('138009 for a third request within 7 days, naming the weekly window, until the first leaves it', async () => {
    const firstAt = await h.advance(0);
    await sent(BR, CARLA);
    await h.advance(DAY);
    await sent(BR, CARLA, 'template');
    await h.advance(DAY);
    const details = expectRefusal(await requestPermission(h, BR, CARLA), 400, 138009);
    expect(details).toMatch(/^Weekly request limit reached: 2 of 2 permission requests in the last 7 days\./);
    const view = await callPermissions(h, BR, CARLA);
    expect(view.actions[0]).toEqual({
      action_name: 'send_call_permission_request', can_perform_action: false,
      limits: [
        { time_period: 'PT24H', max_allowed: 1, current_usage: 0 },
        { time_period: 'P7D', max_allowed: 2, current_usage: 2, limit_expiration_time: seconds(firstAt + 7 * DAY) },
      ],
    });
    await h.advance(5 * DAY - 1);
    expectRefusal(await requestPermission(h, BR, CARLA), 400, 138009);
    await h.advance(1);
    await sent(BR, CARLA);
  });

  it('the sandbox number allows 25 per 24 h', async () => {
    for (let i = 0; i < 25; i++) await sent(SANDBOX, CARLA);
    expect(expectRefusal(await requestPermission(h, SANDBOX, CARLA), 400, 138009)).toMatch(/25 of 25 permission requests/);
  });

  it('records each request in the pair ledger with its wamid and how it was sent', async () => {
    const interactive = await sent(BR, CARLA);
    await connectedUserCall(h, BR, CARLA);
    const template = await sent(BR, CARLA, 'template');
    const requests = h.sim.core.ctx.world.ledgers.entries(BR, CARLA).filter((e) => e.type === 'permission_requested');
    expect(requests.map((e) => [e.id, e.type === 'permission_requested' ? e.via : null])).toEqual([[interactive, 'free_form'], [template, 'template']]);
  });
});

describe('after a decline', () => {
  it('138009 until 24 h after the decline, even when a connected call reset the request limits', async () => {
    await h.control('PUT', `/users/${CARLA}`, { on_permission_request: 'decline', answer_after_ms: 0 });
    await sent(BR, CARLA);
    const declinedAt = await h.advance(0);
    await h.receiver.waitFor(() => h.receiver.received.length === 1, 'the decline');
    await connectedUserCall(h, BR, CARLA);

    await h.advance(HOUR);
    const details = expectRefusal(await requestPermission(h, BR, CARLA), 400, 138009);
    expect(details).toBe(`The customer declined a call permission request at ${utcTime(declinedAt)}. The next request is possible at ${utcTime(declinedAt + DAY)}.`);
    expect((await callPermissions(h, BR, CARLA)).actions[0].can_perform_action).toBe(false);

    await h.advance(DAY - HOUR - 1);
    expectRefusal(await requestPermission(h, BR, CARLA), 400, 138009);
    await h.advance(1);
    await sent(BR, CARLA);
  });

  it('the seeded decline (2 days ago) no longer blocks a request', async () => {
    await sent(BR, DIEGO);
  });
});

describe('other request refusals', () => {
  it('138017 when the user already allows calls permanently', async () => {
    const details = expectRefusal(await requestPermission(h, BR, BRUNO), 400, 138017);
    expect(details).toMatch(/already allows calls permanently/);
    expect((await callPermissions(h, BR, BRUNO)).actions[0].can_perform_action).toBe(false);
  });

  it('131026 for a number not on WhatsApp (after the number-wide checks)', async () => {
    expectRefusal(await requestPermission(h, BR, FRANK_NOT_ON_WHATSAPP), 400, 131026);
  });
});
