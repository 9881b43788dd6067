/**
 * The users a trainer scripts, and who they are to a business (2026 BSUIDs, reference §1.1): user
 * ids and usernames in webhooks, hidden phone numbers, Graph's `recipient`, the "not on WhatsApp"
 * switch, the busy callee, users added by number, and user calls from a call button or deep link.
 */
import { describe, expect, it } from 'vitest';
import { customerOfCall, customerOfMessage, customerOfStatus, webhookEnvelopeSchema, type WebhookValue } from '../shared/meta-api.ts';
import { simUserListSchema, simUserSchema } from '../shared/sim-api.ts';
import { callPermissions, connect, expectRefusal, requestPermission, scriptUser } from './test-support/call-driver.ts';
import { ANA, BR, CARLA, JOANA, JOANA_BSUID, answerBody, connectBody, endBody, useHarness } from './test-support/harness.ts';
import { chromiumAnswer, chromiumAudioOffer } from './test-support/sdp-fixtures.ts';

const h = useHarness({ autoBusinessMedia: true });
const ANA_BSUID = 'BR.11112222333344445555';

/** Every received webhook's value, parsed with the product's own schema. */
const values = (): WebhookValue[] => h.receiver.received.map((w) => webhookEnvelopeSchema.parse(w.body).entry[0]!.changes[0]!.value as WebhookValue);
const valuesOf = (callId: string) => values().filter((v) => v.calls?.[0]?.id === callId || v.statuses?.[0]?.id === callId);

describe('business-scoped user ids', () => {
  it('a user with a BSUID and a username: reached by recipient, named by both in contacts, calls and statuses', async () => {
    await h.control('PUT', `/users/${ANA}`, { user_id: ANA_BSUID, username: 'ana.souza', on_call: 'answer', answer_after_ms: 0 });
    const res = await h.graph('POST', `/${BR}/calls`, { messaging_product: 'whatsapp', recipient: ANA_BSUID, action: 'connect', session: { sdp_type: 'offer', sdp: chromiumAudioOffer } });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const callId = res.json.calls[0].id as string;
    await h.advance(0);
    await h.receiver.waitForEvents(callId, ['connect', 'RINGING', 'ACCEPTED']);
    const [connected, ringing] = valuesOf(callId);
    expect(connected!.contacts).toEqual([{ profile: { name: 'Ana Souza', username: 'ana.souza' }, wa_id: ANA, user_id: ANA_BSUID }]);
    expect(connected!.calls![0]).toMatchObject({ from: '551140001000', to: ANA, to_user_id: ANA_BSUID });
    expect(ringing!.statuses![0]).toMatchObject({ recipient_id: ANA, recipient_user_id: ANA_BSUID });
    expect(customerOfCall(connected!.calls![0]!)).toBe(ANA);
  });

  it('a user who hides their number: no phone field anywhere, the BSUID instead; Graph reaches her by recipient', async () => {
    const res = await h.graph('POST', `/${BR}/calls`, { messaging_product: 'whatsapp', recipient: JOANA_BSUID, action: 'connect', session: { sdp_type: 'offer', sdp: chromiumAudioOffer } });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const callId = res.json.calls[0].id as string;
    await h.receiver.waitForEvents(callId, ['connect', 'RINGING']);
    expect(h.receiver.received.map((w) => w.raw).join('')).not.toContain(JOANA);
    // Real wacids encode the user's number; hers encodes the BSUID instead.
    expect(Buffer.from(callId.slice('wacid.'.length), 'base64').toString('latin1')).toContain(JOANA_BSUID);
    const [connected, ringing] = valuesOf(callId);
    expect(connected!.contacts).toEqual([{ profile: { name: 'Joana Prado', username: 'joana.prado' }, user_id: JOANA_BSUID }]);
    expect(connected!.calls![0]).not.toHaveProperty('to');
    expect(customerOfCall(connected!.calls![0]!)).toBe(JOANA_BSUID);
    expect(customerOfStatus(ringing!.statuses![0]!)).toBe(JOANA_BSUID);
    expect(ringing!.statuses![0]).not.toHaveProperty('recipient_id');

    expect((await h.graph('GET', `/${BR}/call_permissions?recipient=${JOANA_BSUID}`)).json.permission.status).toBe('temporary');
  });

  it('permission replies from a hidden-number user carry from_user_id only; /messages answers with user_id', async () => {
    await h.control('PUT', `/users/${JOANA_BSUID}`, { on_permission_request: 'accept_permanent', answer_after_ms: 0 });
    const sent = await h.graph('POST', `/${BR}/messages`, {
      messaging_product: 'whatsapp', recipient: JOANA_BSUID, type: 'interactive',
      interactive: { type: 'call_permission_request', action: { name: 'call_permission_request' } },
    });
    expect(sent.status, JSON.stringify(sent.json)).toBe(200);
    expect(sent.json.contacts).toEqual([{ input: JOANA_BSUID, user_id: JOANA_BSUID }]);
    await h.advance(0);
    await h.receiver.waitFor(() => h.receiver.received.length === 1, 'the permission reply');
    const message = values()[0]!.messages![0]!;
    expect(customerOfMessage(message)).toBe(JOANA_BSUID);
    expect(message).not.toHaveProperty('from');
    expect(message.context).toEqual({ id: sent.json.messages[0].id });
    expect(h.receiver.received[0]!.raw).not.toContain(JOANA);
  });

  it('`to` wins over `recipient`; an unknown or malformed BSUID is an invalid parameter', async () => {
    const both = await h.graph('POST', `/${BR}/calls`, connectBody(ANA, chromiumAudioOffer, { recipient: JOANA_BSUID }));
    expect(both.status).toBe(200);
    await h.receiver.waitForEvents(both.json.calls[0].id, ['connect']);
    expect(valuesOf(both.json.calls[0].id)[0]!.calls![0]!.to).toBe(ANA);
    const unknown = await h.graph('POST', `/${BR}/calls`, { messaging_product: 'whatsapp', recipient: 'US.999', action: 'connect', session: { sdp_type: 'offer', sdp: chromiumAudioOffer } });
    expect(expectRefusal(unknown, 400, 100)).toMatch(/no WhatsApp user has the business-scoped user id US\.999/);
    expect(expectRefusal(await h.graph('GET', `/${BR}/call_permissions?recipient=not-a-bsuid`), 400, 100)).toMatch(/not a business-scoped user id/);
    expect(expectRefusal(await h.graph('GET', `/${BR}/call_permissions`), 400, 100)).toMatch(/user_wa_id or recipient is required/);
  });

  it('a hidden-number user calling the business is named by from_user_id', async () => {
    const placed = await h.control('POST', `/users/${JOANA_BSUID}/calls`, { phone_number_id: BR });
    expect(placed.status).toBe(200);
    await h.receiver.waitForEvents(placed.json.call_id, ['connect']);
    const call = valuesOf(placed.json.call_id)[0]!.calls![0]!;
    expect(call).toMatchObject({ to: '551140001000', from_user_id: JOANA_BSUID, direction: 'USER_INITIATED' });
    expect(call).not.toHaveProperty('from');
  });
});

describe('user control API', () => {
  it('looks a user up by BSUID, and refuses inconsistent identities without changing anything', async () => {
    expect(simUserSchema.parse((await h.control('GET', `/users/${JOANA_BSUID}`)).json)).toMatchObject({
      wa_id: JOANA, user_id: JOANA_BSUID, username: 'joana.prado', phone_hidden: true,
    });
    expect((await h.control('GET', '/users/US.0000')).status).toBe(404);
    expect((await h.control('PUT', `/users/${ANA}`, { phone_hidden: true })).json.error.code).toBe('conflict');
    expect((await h.control('PUT', `/users/${ANA}`, { user_id: JOANA_BSUID })).json.error.message).toMatch(/already belongs to 5511987650001/);
    expect((await h.control('PUT', `/users/${JOANA_BSUID}`, { user_id: null })).status).toBe(409);
    expect((await h.control('PUT', '/users/447700900123', { on_whatsapp: true })).json.error.message).toMatch(/never on WhatsApp/);
    expect((await h.control('PUT', `/users/${ANA}`, { user_id: 'not a bsuid' })).status).toBe(400);
    expect((await h.control('GET', `/users/${ANA}`)).json).toMatchObject({ user_id: null, phone_hidden: false });
    expect((await h.control('PUT', `/users/${JOANA_BSUID}`, { user_id: 'BR.1', phone_hidden: false })).json).toMatchObject({ wa_id: JOANA, user_id: 'BR.1' });
    expect((await h.control('GET', `/users/${JOANA_BSUID}`)).status).toBe(404);
  });

  it('adds a user by number as typed, lists users, and answers 200 for one that exists', async () => {
    const added = await h.control('POST', '/users', { number: '+49 151 1234-5678', name: 'Max Weber', on_call: 'decline' });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ wa_id: '4915112345678', name: 'Max Weber', on_call: 'decline', on_whatsapp: true });
    expect((await h.control('POST', '/users', { number: '4915112345678', audio: 'echo' })).status).toBe(200);
    const all = simUserListSchema.parse((await h.control('GET', '/users')).json);
    expect(all.find((u) => u.wa_id === '4915112345678')).toMatchObject({ name: 'Max Weber', audio: 'echo' });
    expect(all.map((u) => u.wa_id)).toEqual(expect.arrayContaining([ANA, CARLA, JOANA]));
    expect((await h.control('POST', '/users', { number: '12' })).status).toBe(400);
    expect((await h.control('POST', '/users', { number: '+4930123456789', phone_hidden: true })).status).toBe(409);
    expect((await h.control('GET', '/users')).json.some((u: { wa_id: string }) => u.wa_id === '4930123456789')).toBe(false);
  });

  it('the "not on WhatsApp" switch: 138001 for calls, 131026 for requests, no_permission, and the user cannot call', async () => {
    await h.control('PUT', `/users/${ANA}`, { on_whatsapp: false });
    expectRefusal(await connect(h, BR, ANA), 400, 138001);
    expectRefusal(await requestPermission(h, BR, ANA), 400, 131026);
    const view = await callPermissions(h, BR, ANA);
    expect(view.permission).toEqual({ status: 'no_permission' });
    expect((await h.control('POST', `/users/${ANA}/calls`, { phone_number_id: BR })).status).toBe(400);
    await h.control('PUT', `/users/${ANA}`, { on_whatsapp: true });
    expect((await connect(h, BR, ANA)).status).toBe(200);
  });
});

describe('scripted behaviour', () => {
  it('busy: the call ends at once, unanswered (terminate without pick-up, no RINGING), and counts in the streak', async () => {
    await scriptUser(h, ANA, 'busy');
    const callId = (await connect(h, BR, ANA)).json.calls[0].id as string;
    await h.receiver.waitForEvents(callId, ['connect', 'terminate']);
    await h.sim.webhooksIdle();
    expect(h.receiver.eventsOf(callId)).toEqual(['connect', 'terminate']);
    const terminate = valuesOf(callId)[1]!.calls![0]!;
    expect(terminate).toMatchObject({ event: 'terminate', status: 'COMPLETED' });
    expect(terminate).not.toHaveProperty('duration');
    expect(h.sim.core.ctx.world.ledgers.entries(BR, ANA).at(-1)).toMatchObject({ type: 'call_unanswered', id: callId });
    expect((await h.control('GET', `/phone/${ANA}`)).json.calls.at(-1)).toMatchObject({ state: 'ended', end_reason: 'user_busy' });
  });

  it('a user call from a call button or a deep link carries its payload on connect and terminate', async () => {
    const placed = await h.control('POST', `/users/${ANA}/calls`, { phone_number_id: BR, cta_payload: 'order-12853', deeplink_payload: 'promo-7' });
    const callId = placed.json.call_id as string;
    await h.receiver.waitForEvents(callId, ['connect']);
    expect((await h.graph('POST', `/${BR}/calls`, answerBody('accept', callId, chromiumAnswer()))).status).toBe(200);
    expect((await h.graph('POST', `/${BR}/calls`, endBody('terminate', callId))).status).toBe(200);
    await h.receiver.waitForEvents(callId, ['connect', 'terminate']);
    for (const value of valuesOf(callId)) expect(value.calls![0]).toMatchObject({ cta_payload: 'order-12853', deeplink_payload: 'promo-7' });
    expect((await h.control('POST', `/users/${ANA}/calls`, { phone_number_id: BR, cta_payload: 'x'.repeat(513) })).status).toBe(400);
  });
});
