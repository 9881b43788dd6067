/**
 * Permissions the user gives or takes back on their own (reference §4.1, §4.4): grants from the
 * business's profile, declining the open request, revoking, and WhatsApp's automatic callback
 * permission when the user calls a number with callback permission enabled.
 */
import { describe, expect, it } from 'vitest';
import { callPermissions, connect, expectRefusal, requestPermission, seconds } from './test-support/call-driver.ts';
import { ANA, BR, BRUNO, CARLA, DIEGO, answerBody, endBody, useHarness } from './test-support/harness.ts';
import { chromiumAnswer } from './test-support/sdp-fixtures.ts';

const h = useHarness({ autoBusinessMedia: true });
const WEEK_S = 7 * 24 * 3600;

/** The `call_permission_reply` messages received so far. */
const replies = () => h.receiver.received
  .filter((w) => w.body.entry[0].changes[0].field === 'messages')
  .map((w) => w.body.entry[0].changes[0].value.messages[0]);

const act = (waId: string, action: string, pnid = BR) => h.control('POST', `/users/${waId}/permissions`, { phone_number_id: pnid, action });

describe('from the user side', () => {
  it('a temporary grant from the profile: accept without context, 7 days from now', async () => {
    const now = await h.advance(0);
    const res = await act(CARLA, 'grant_temporary');
    expect(res.status).toBe(200);
    await h.receiver.waitFor(() => replies().length === 1, 'the grant');
    expect(replies()[0]).toEqual({
      from: CARLA, id: res.json.message_id, timestamp: String(seconds(now)), type: 'interactive',
      interactive: {
        type: 'call_permission_reply',
        call_permission_reply: { response: 'accept', is_permanent: false, expiration_timestamp: String(seconds(now) + WEEK_S), response_source: 'user_action' },
      },
    });
    expect((await callPermissions(h, BR, CARLA)).permission).toEqual({ status: 'temporary', expiration_time: seconds(now) + WEEK_S });
    expect((await h.control('GET', `/phone/${CARLA}`)).json.messages.at(-1).text).toMatch(/You allowed Ringside Support BR to call you for 7 days/);
  });

  it('a permanent grant from the profile', async () => {
    await act(CARLA, 'grant_permanent');
    await h.receiver.waitFor(() => replies().length === 1, 'the grant');
    expect(replies()[0].interactive.call_permission_reply).toEqual({ response: 'accept', is_permanent: true, response_source: 'user_action' });
    expect((await callPermissions(h, BR, CARLA)).permission).toEqual({ status: 'permanent' });
  });

  it('declines the open request (reject with its context); nothing open → 409', async () => {
    expect((await act(CARLA, 'decline')).status).toBe(409);
    const requestId = (await requestPermission(h, BR, CARLA)).json.messages[0].id as string;
    const res = await act(CARLA, 'decline');
    expect(res.status).toBe(200);
    await h.receiver.waitFor(() => replies().length === 1, 'the decline');
    expect(replies()[0]).toMatchObject({ id: res.json.message_id, context: { from: CARLA, id: requestId } });
    expect(replies()[0].interactive.call_permission_reply).toEqual({ response: 'reject', response_source: 'user_action' });
    expect((await act(CARLA, 'decline')).status).toBe(409);
    expect((await h.control('GET', `/phone/${CARLA}`)).json.requests).toEqual([]);
  });

  it('revokes a permanent permission (reject without context): calls are refused; nothing in force → 409', async () => {
    const res = await act(BRUNO, 'revoke');
    expect(res.status).toBe(200);
    await h.receiver.waitFor(() => replies().length === 1, 'the revoke');
    expect(replies()[0]).not.toHaveProperty('context');
    expect(replies()[0].interactive.call_permission_reply).toEqual({ response: 'reject', response_source: 'user_action' });
    expect((await callPermissions(h, BR, BRUNO)).permission).toEqual({ status: 'no_permission' });
    expectRefusal(await connect(h, BR, BRUNO), 401, 138006);
    expect((await act(BRUNO, 'revoke')).status).toBe(409);
    expect((await act(BRUNO, 'grant_permanent', '999')).status).toBe(404);
    expect((await act(BRUNO, 'shrug')).status).toBe(400);
  });
});

describe('callback permission (callback_permission_status ENABLED)', () => {
  const enableCallbacks = async () => {
    expect((await h.graph('POST', `/${BR}/settings`, { calling: { callback_permission_status: 'ENABLED' } })).status).toBe(200);
  };
  const userCall = async (waId: string) => {
    const placed = await h.control('POST', `/users/${waId}/calls`, { phone_number_id: BR });
    expect(placed.status).toBe(200);
    return placed.json.call_id as string;
  };

  it('a missed call from the user grants a temporary permission: automatic reply with the call as context', async () => {
    await enableCallbacks();
    const now = await h.advance(0);
    const callId = await userCall(CARLA);
    await h.receiver.waitFor(() => replies().length === 1, 'the automatic grant');
    expect(replies()[0]).toMatchObject({
      from: CARLA, context: { from: CARLA, id: callId },
      interactive: {
        call_permission_reply: { response: 'accept', is_permanent: false, expiration_timestamp: String(seconds(now) + WEEK_S), response_source: 'automatic' },
      },
    });
    await h.advance(45_000); // nobody answers: missed
    await h.receiver.waitForEvents(callId, ['connect', 'terminate']);
    expect((await callPermissions(h, BR, CARLA)).permission).toEqual({ status: 'temporary', expiration_time: seconds(now) + WEEK_S });
    expect((await connect(h, BR, CARLA)).status).toBe(200);
  });

  it('a connected call from a user who had declined grants it too', async () => {
    await enableCallbacks();
    const callId = await userCall(DIEGO);
    await h.receiver.waitForEvents(callId, ['connect']);
    expect((await h.graph('POST', `/${BR}/calls`, answerBody('accept', callId, chromiumAnswer()))).status).toBe(200);
    expect((await h.graph('POST', `/${BR}/calls`, endBody('terminate', callId))).status).toBe(200);
    await h.receiver.waitFor(() => replies().length === 1, 'the automatic grant');
    expect(replies()[0].context.id).toBe(callId);
    expect((await callPermissions(h, BR, DIEGO)).permission.status).toBe('temporary');
  });

  it('does not downgrade a permanent permission, and grants nothing while callbacks are disabled', async () => {
    await userCall(ANA);
    await h.sim.webhooksIdle();
    expect(replies()).toEqual([]);
    await enableCallbacks();
    await userCall(BRUNO);
    await h.sim.webhooksIdle();
    expect(replies()).toEqual([]);
    expect((await callPermissions(h, BR, BRUNO)).permission).toEqual({ status: 'permanent' });
  });
});
