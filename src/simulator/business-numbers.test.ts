/**
 * What WhatsApp does to a business number and tells it about (reference §1, §5, §7): warnings and
 * restrictions as `account_update` (a business-initiated restriction refuses calls and requests
 * with 138014 until it lifts on the simulator clock), settings changes as `account_settings_update`,
 * SIP mode (131055, no calls webhooks), and a sandbox number's allow-list (131030).
 */
import { describe, expect, it } from 'vitest';
import { accountSettingsUpdateValueSchema, accountUpdateValueSchema } from '../shared/meta-api.ts';
import { simBusinessNumberDetailSchema } from '../shared/sim-api-numbers.ts';
import { DAY, connect, expectRefusal, requestPermission, seconds, utcTime } from './test-support/call-driver.ts';
import { ANA, BR, CARLA, SANDBOX, answerBody, endBody, useHarness } from './test-support/harness.ts';
import { chromiumAnswer } from './test-support/sdp-fixtures.ts';

const h = useHarness({ autoBusinessMedia: true });
const WABA = '200000000000001';

/** The values of the webhooks received on `field`, with the entry id they came under. */
const changes = (field: string) => h.receiver.received
  .filter((w) => w.body.entry[0].changes[0].field === field)
  .map((w) => ({ entryId: w.body.entry[0].id as string, value: w.body.entry[0].changes[0].value }));

const restrict = (pnid: string, body: unknown) => h.control('POST', `/business-numbers/${pnid}/restrictions`, body);

describe('account_update', () => {
  it('a warning: ACCOUNT_VIOLATION with its violation type; nothing is restricted', async () => {
    const res = await h.control('POST', `/business-numbers/${BR}/violations`, { violation_type: 'USER_INITIATED_CALLS_LOW_PICKUP_RATE' });
    expect(res.status).toBe(200);
    await h.receiver.waitFor(() => changes('account_update').length === 1, 'account_update');
    const [{ entryId, value }] = changes('account_update') as [{ entryId: string; value: unknown }];
    expect(entryId).toBe(WABA);
    expect(accountUpdateValueSchema.parse(value)).toEqual({
      phone_number: '551140001000', event: 'ACCOUNT_VIOLATION', violation_info: { violation_type: 'USER_INITIATED_CALLS_LOW_PICKUP_RATE' },
    });
    expect(simBusinessNumberDetailSchema.parse(res.json).restrictions).toEqual([]);
    expect((await connect(h, BR, ANA)).status).toBe(200);
    expect((await h.control('POST', `/business-numbers/${BR}/violations`, { violation_type: 'BAD' })).status).toBe(400);
  });

  it('the call button hidden: ACCOUNT_RESTRICTION with expiry in Unix seconds, listed by GET /settings; business calls still go', async () => {
    const now = await h.advance(0);
    await restrict(BR, { restriction_type: 'RESTRICTED_USER_INITIATED_CALLING_CALL_BUTTON_HIDDEN' });
    await h.receiver.waitFor(() => changes('account_update').length === 1, 'account_update');
    expect(changes('account_update')[0]!.value).toEqual({
      phone_number: '551140001000', event: 'ACCOUNT_RESTRICTION',
      restriction_info: [{ restriction_type: 'RESTRICTED_USER_INITIATED_CALLING_CALL_BUTTON_HIDDEN', expiration: String(seconds(now + 7 * DAY)) }],
    });
    expect((await h.graph('GET', `/${BR}/settings`)).json.calling.restrictions).toEqual({
      restrictions_list: [{ type: 'RESTRICTED_USER_INITIATED_CALLING_CALL_BUTTON_HIDDEN', expiration: String(seconds(now + 7 * DAY)) }],
    });
    expect((await connect(h, BR, ANA)).status).toBe(200);
  });

  it('business-initiated calling restricted: 138014 for connect and requests until it lifts by itself on the sim clock', async () => {
    const now = await h.advance(0);
    const res = await restrict(BR, { restriction_type: 'RESTRICTED_BUSINESS_INITIATED_CALLING', expires_in_ms: 2 * DAY });
    expect(simBusinessNumberDetailSchema.parse(res.json).restrictions).toEqual([{ restriction_type: 'RESTRICTED_BUSINESS_INITIATED_CALLING', expires_at: now + 2 * DAY }]);
    await h.receiver.waitFor(() => changes('account_update').length === 1, 'account_update');
    expect(changes('account_update')[0]!.value.restriction_info).toEqual([{ restriction_type: 'RESTRICTED_BUSINESS_INITIATED_CALLING', expiration: String(seconds(now + 2 * DAY)) }]);

    expect(expectRefusal(await connect(h, BR, ANA), 400, 138014)).toBe(
      `WhatsApp has paused business-initiated calls and permission requests on this number. They become possible at ${utcTime(now + 2 * DAY)}, when the restriction ends.`,
    );
    // A number-wide refusal: it comes before the pair's own (Carla has no permission).
    expectRefusal(await connect(h, BR, CARLA), 400, 138014);
    expectRefusal(await requestPermission(h, BR, CARLA), 400, 138014);
    const view = (await h.graph('GET', `/${BR}/call_permissions?user_wa_id=${ANA}`)).json;
    expect(view.actions.map((a: { can_perform_action: boolean }) => a.can_perform_action)).toEqual([false, false]);
    // User-initiated calls are not paused by this restriction.
    expect((await h.control('POST', `/users/${CARLA}/calls`, { phone_number_id: BR })).status).toBe(200);

    await h.advance(2 * DAY - 1);
    expectRefusal(await connect(h, BR, ANA), 400, 138014);
    await h.advance(1);
    expect((await connect(h, BR, ANA)).status).toBe(200);
    expect((await h.graph('GET', `/${BR}/settings`)).json.calling).not.toHaveProperty('restrictions');
    expect((await h.control('GET', `/business-numbers/${BR}`)).json.restrictions).toEqual([]);
  });

  it('lists every restriction in force; DELETE lifts them early without a webhook', async () => {
    await restrict(BR, { restriction_type: 'RESTRICTED_USER_INITIATED_CALLING_CALL_BUTTON_HIDDEN' });
    await restrict(BR, { restriction_type: 'RESTRICTED_BUSINESS_INITIATED_CALLING', expires_in_ms: null });
    await h.receiver.waitFor(() => changes('account_update').length === 2, 'two account_updates');
    expect(changes('account_update')[1]!.value.restriction_info.map((r: { restriction_type: string }) => r.restriction_type)).toEqual([
      'RESTRICTED_USER_INITIATED_CALLING_CALL_BUTTON_HIDDEN', 'RESTRICTED_BUSINESS_INITIATED_CALLING',
    ]);
    expect(changes('account_update')[1]!.value.restriction_info[1]).not.toHaveProperty('expiration');
    expectRefusal(await connect(h, BR, ANA), 400, 138014);
    expect((await h.control('DELETE', `/business-numbers/${BR}/restrictions`)).json.restrictions).toEqual([]);
    expect((await connect(h, BR, ANA)).status).toBe(200);
    await h.sim.webhooksIdle();
    expect(changes('account_update')).toHaveLength(2);
    expect((await restrict('nope', { restriction_type: 'RESTRICTED_BUSINESS_INITIATED_CALLING' })).status).toBe(404);
  });
});

describe('account_settings_update', () => {
  it('the business changes its own settings (Graph) or the control API does: one webhook per announced change', async () => {
    const now = await h.advance(0);
    expect((await h.graph('POST', `/${BR}/settings`, { calling: { callback_permission_status: 'ENABLED' } })).status).toBe(200);
    await h.receiver.waitFor(() => changes('account_settings_update').length === 1, 'account_settings_update');
    const first = changes('account_settings_update')[0]!;
    expect(first.entryId).toBe(WABA);
    expect(accountSettingsUpdateValueSchema.parse(first.value)).toMatchObject({
      messaging_product: 'whatsapp', timestamp: seconds(now), type: 'phone_number_settings',
      phone_number_settings: { phone_number_id: BR, calling: { status: 'ENABLED', callback_permission_status: 'ENABLED', sip: { status: 'DISABLED' } } },
    });

    // Not announced: call hours; an unchanged value.
    await h.graph('POST', `/${BR}/settings`, { calling: { call_hours: { status: 'ENABLED', timezone_id: 'America/Sao_Paulo', weekly_operating_hours: [] } } });
    await h.graph('POST', `/${BR}/settings`, { calling: { callback_permission_status: 'ENABLED' } });
    const detail = await h.control('PUT', `/business-numbers/${BR}/settings`, { calling: { call_icon_visibility: 'DISABLE_ALL' } });
    expect(detail.json.calling).toMatchObject({ call_icon_visibility: 'DISABLE_ALL', call_hours: { status: 'ENABLED' } });
    expect((await h.control('PUT', `/business-numbers/${BR}/settings`, { calling: { status: 'SOMETIMES' } })).status).toBe(400);
    await h.receiver.waitFor(() => changes('account_settings_update').length === 2, 'the second account_settings_update');
    await h.sim.webhooksIdle();
    expect(changes('account_settings_update').map((c) => c.value.phone_number_settings.calling.call_icon_visibility)).toEqual(['DEFAULT', 'DISABLE_ALL']);
  });
});

describe('SIP mode', () => {
  it('131055 on /calls (after 138000 on connect), no calls webhooks, and users cannot reach the number through Graph', async () => {
    const placed = await h.control('POST', `/users/${CARLA}/calls`, { phone_number_id: BR });
    const liveCallId = placed.json.call_id as string;
    await h.receiver.waitForEvents(liveCallId, ['connect']);
    await h.control('PUT', `/business-numbers/${BR}/settings`, { calling: { sip: { status: 'ENABLED', servers: [{ hostname: 'sip.example.com', port: 5061 }] } } });
    await h.receiver.waitFor(() => changes('account_settings_update').length === 1, 'account_settings_update');
    expect(changes('account_settings_update')[0]!.value.phone_number_settings.calling.sip.status).toBe('ENABLED');

    expect(expectRefusal(await connect(h, BR, ANA), 400, 131055)).toMatch(/SIP/);
    expectRefusal(await h.graph('POST', `/${BR}/calls`, answerBody('accept', liveCallId, chromiumAnswer())), 400, 131055);
    expectRefusal(await h.graph('POST', `/${BR}/calls`, endBody('terminate', liveCallId)), 400, 131055);
    expect((await h.control('POST', `/users/${ANA}/calls`, { phone_number_id: BR })).status).toBe(409);
    await h.control('POST', `/phone/${CARLA}/calls/${encodeURIComponent(liveCallId)}/hangup`);
    await h.sim.webhooksIdle();
    expect(h.receiver.eventsOf(liveCallId)).toEqual(['connect']);

    await h.graph('POST', `/${BR}/settings`, { calling: { status: 'DISABLED' } });
    expectRefusal(await connect(h, BR, ANA), 401, 138000);
  });
});

describe('sandbox allow-list', () => {
  it('every demo contact is allow-listed; anyone else gets 131030 for calls and requests until added', async () => {
    const stranger = '4915112345678';
    expect((await h.control('GET', `/business-numbers/${SANDBOX}/allow-list`)).json.wa_ids).toEqual(expect.arrayContaining([ANA, CARLA]));
    expect((await connect(h, SANDBOX, ANA)).status).toBe(200);
    expect(expectRefusal(await connect(h, SANDBOX, stranger), 400, 131030)).toMatch(/not in the allowed list/);
    expectRefusal(await requestPermission(h, SANDBOX, stranger), 400, 131030);
    // A production number has no allow-list.
    expectRefusal(await connect(h, BR, stranger), 401, 138006);

    const list = (await h.control('GET', `/business-numbers/${SANDBOX}/allow-list`)).json.wa_ids as string[];
    expect((await h.control('PUT', `/business-numbers/${SANDBOX}/allow-list`, { wa_ids: [...list, stranger] })).status).toBe(200);
    expectRefusal(await connect(h, SANDBOX, stranger), 401, 138006);
    expect((await requestPermission(h, SANDBOX, stranger)).status).toBe(200);
    expect((await h.control('GET', `/business-numbers/${SANDBOX}`)).json.allow_list).toContain(stranger);

    expect((await h.control('PUT', `/business-numbers/${BR}/allow-list`, { wa_ids: [stranger] })).status).toBe(409);
    expect((await h.control('PUT', `/business-numbers/${SANDBOX}/allow-list`, { wa_ids: ['+49 151'] })).status).toBe(400);
  });
});
