/**
 * Call permission requests over HTTP: Meta's messages response, the user's scripted or manual
 * reply as a signed `messages` webhook, `call_permissions`, and the effect on `connect`.
 */
import { describe, expect, it } from 'vitest';
import { callPermissionsResponseSchema, graphErrorSchema, messageResponseSchema } from '../shared/meta-api.ts';
import { BR, BRUNO, CARLA, connectBody, useHarness } from './test-support/harness.ts';
import { chromiumAudioOffer } from './test-support/sdp-fixtures.ts';

const h = useHarness({ autoBusinessMedia: true });

const interactiveRequest = (to: string) => ({
  messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'interactive',
  interactive: { type: 'call_permission_request', action: { name: 'call_permission_request' }, body: { text: 'May we call you about order 12853?' } },
});

async function requestPermission(to: string, body: unknown = interactiveRequest(to)): Promise<string> {
  const res = await h.graph('POST', `/${BR}/messages`, body);
  expect(res.status).toBe(200);
  const parsed = messageResponseSchema.parse(res.json);
  expect(parsed.contacts).toEqual([{ input: to, wa_id: to }]);
  return parsed.messages[0]!.id;
}

describe('permission requests', () => {
  it("scripted accept → messages webhook with call_permission_reply; connect is then allowed", async () => {
    await h.control('PUT', `/users/${CARLA}`, { on_permission_request: 'accept', answer_after_ms: 2000 });
    const wamid = await requestPermission(CARLA);
    expect(wamid).toMatch(/^wamid\./);
    const now = await h.advance(2000);
    await h.receiver.waitFor(() => h.receiver.received.length === 1, 'the permission reply');

    const webhook = h.receiver.received[0]!;
    expect(webhook.signatureValid).toBe(true);
    const change = webhook.body.entry[0].changes[0];
    expect(change.field).toBe('messages');
    expect(change.value.contacts).toEqual([{ profile: { name: 'Carla Mendes' }, wa_id: CARLA }]);
    const message = change.value.messages[0];
    expect(message).toMatchObject({ from: CARLA, type: 'interactive', timestamp: String(Math.floor(now / 1000)), context: { id: wamid } });
    expect(message.interactive).toEqual({
      type: 'call_permission_reply',
      call_permission_reply: {
        response: 'accept', is_permanent: false, response_source: 'user_action',
        expiration_timestamp: String(Math.floor(now / 1000) + 7 * 24 * 3600),
      },
    });

    const permissions = callPermissionsResponseSchema.parse((await h.graph('GET', `/${BR}/call_permissions?user_wa_id=${CARLA}`)).json);
    expect(permissions.permission).toEqual({ status: 'temporary', expiration_time: Math.floor(now / 1000) + 7 * 24 * 3600 });
    expect((await h.graph('POST', `/${BR}/calls`, connectBody(CARLA, chromiumAudioOffer))).status).toBe(200);
  });

  it('a person replies on the phone page: permanent accept, no expiration, then 138017 on a new request', async () => {
    // A template message counts as a permission request; `to` with a plus sign is normalised.
    const res = await h.graph('POST', `/${BR}/messages`, {
      messaging_product: 'whatsapp', to: `+${CARLA}`, type: 'template', template: { name: 'call_permission_v1', language: { code: 'en_US' } },
    });
    expect(res.json.contacts).toEqual([{ input: `+${CARLA}`, wa_id: CARLA }]);
    const requestId = res.json.messages[0].id as string;

    const phone = (await h.control('GET', `/phone/${CARLA}`)).json;
    expect(phone.requests).toEqual([expect.objectContaining({ request_id: requestId, business: expect.objectContaining({ phone_number_id: BR }) })]);
    const reply = await h.control('POST', `/phone/${CARLA}/permission-requests/${encodeURIComponent(requestId)}/reply`, { response: 'accept_permanent' });
    expect(reply.json).toEqual({ ok: true });
    await h.receiver.waitFor(() => h.receiver.received.length === 1, 'the permission reply');
    expect(h.receiver.received[0]!.body.entry[0].changes[0].value.messages[0].interactive.call_permission_reply)
      .toEqual({ response: 'accept', is_permanent: true, response_source: 'user_action' });

    expect((await h.control('POST', `/phone/${CARLA}/permission-requests/${encodeURIComponent(requestId)}/reply`, { response: 'decline' })).status).toBe(409);
    const again = await h.graph('POST', `/${BR}/messages`, {
      messaging_product: 'whatsapp', to: CARLA, type: 'interactive', interactive: { type: 'call_permission_request', action: { name: 'call_permission_request' } },
    });
    expect(again.status).toBe(400);
    expect(graphErrorSchema.parse(again.json).error.code).toBe(138017);
    expect((await h.graph('GET', `/${BR}/call_permissions?user_wa_id=${CARLA}`)).json.permission).toEqual({ status: 'permanent' });
  });

  it('a decline is a reject without is_permanent or expiration; connect stays 138006', async () => {
    await h.control('PUT', `/users/${CARLA}`, { on_permission_request: 'decline', answer_after_ms: 0 });
    await requestPermission(CARLA);
    await h.advance(0);
    await h.receiver.waitFor(() => h.receiver.received.length === 1, 'the permission reply');
    expect(h.receiver.received[0]!.body.entry[0].changes[0].value.messages[0].interactive.call_permission_reply)
      .toEqual({ response: 'reject', response_source: 'user_action' });
    const refused = await h.graph('POST', `/${BR}/calls`, connectBody(CARLA, chromiumAudioOffer));
    expect(graphErrorSchema.parse(refused.json).error.error_data?.details).toMatch(/declined/);
  });

  it("call_permissions answers Meta's shape; a temporary permission lapses after 7 days of simulator time", async () => {
    // Demo data: Ana granted a temporary permission 1 day before the seed.
    const ana = '5511912345678';
    const before = callPermissionsResponseSchema.parse((await h.graph('GET', `/${BR}/call_permissions?user_wa_id=${ana}`)).json);
    expect(before.permission.status).toBe('temporary');
    expect(before.actions.map((a) => a.action_name)).toEqual(['send_call_permission_request', 'start_call']);
    expect(before.actions[1]).toEqual({ action_name: 'start_call', can_perform_action: true, limits: [{ time_period: 'PT24H', max_allowed: 10, current_usage: 0 }] });

    await h.advance(6 * 24 * 3_600_000);
    const after = callPermissionsResponseSchema.parse((await h.graph('GET', `/${BR}/call_permissions?user_wa_id=${ana}`)).json);
    expect(after.permission).toEqual({ status: 'no_permission' });
    expect(after.actions[1]?.can_perform_action).toBe(false);
    expect((await h.graph('POST', `/${BR}/calls`, connectBody(ana, chromiumAudioOffer))).status).toBe(401);

    const missing = await h.graph('GET', `/${BR}/call_permissions`);
    expect(graphErrorSchema.parse(missing.json).error.code).toBe(100);
    expect((await h.graph('GET', `/${BR}/call_permissions?user_wa_id=${BRUNO}`)).json.permission).toEqual({ status: 'permanent' });
  });
});
