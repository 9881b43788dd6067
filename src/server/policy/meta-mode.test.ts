/**
 * Meta mode against a Meta-shaped Graph (testing/fake-graph.ts), through the server's real HTTP
 * API: WhatsApp's answers and refusals decide over Ringside's estimate, in both directions.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDb } from '../db/open-db.ts';
import { chromiumOffer, openTestDb, postgresAvailable } from '../test-support.ts';
import { graphError, permissionsAnswer, type PermissionsShape } from '../testing/fake-graph.ts';
import { startMetaModeServer, type MetaModeServer } from '../testing/meta-mode-server.ts';

const pnid = '100000000000001'; // production BR line of the demo world
const carla = '5531987651234'; // never granted
const bruno = '5521998765432'; // permanent permission
const elena = '393471234567'; // temporary permission expired a day ago
const frank = '447700900123'; // never granted
const igor = '5581971234567'; // temporary permission, clean history

const temporaryFor = (seconds: number): PermissionsShape => ({
  status: 'temporary', expires: seconds, startCall: { can: true, used: 7, max: 100 }, request: { can: true, day: [0, 1], week: [1, 2] },
});

const pgUp = await postgresAvailable();

describe.each(['pglite', 'postgres'] as const)('Meta mode: WhatsApp decides, Ringside predicts (%s)', (kind) => {
  const skip = kind === 'postgres' && !pgUp;
  if (skip) console.warn('Skipping the PostgreSQL run of the Meta-mode tests: no PostgreSQL answers at TEST_DATABASE_URL.');
  let db: OpenDb;
  let s: MetaModeServer;
  const seconds = () => Math.floor(s.ctx.now().getTime() / 1000);
  const dial = (waId: string) => s.api('POST', '/api/calls', { businessNumberId: pnid, waId, sdp: chromiumOffer });
  const grant = (wamid: string, waId: string, ts: number) => s.webhook({
    object: 'whatsapp_business_account',
    entry: [{ id: 'WABA1', changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp', metadata: { display_phone_number: '551140001000', phone_number_id: pnid },
      messages: [{ from: waId, id: wamid, timestamp: String(ts), type: 'interactive', context: { from: waId, id: 'wamid.REQ' },
        interactive: { type: 'call_permission_reply', call_permission_reply: { response: 'accept', is_permanent: false, expiration_timestamp: String(ts + 7 * 86400), response_source: 'user_action' } } }],
    } }] }],
  });

  beforeAll(async () => {
    if (skip) return;
    db = await openTestDb(kind);
    s = await startMetaModeServer(db);
  });
  afterAll(async () => {
    if (skip) return;
    await s.close();
    await db.close();
  });
  beforeEach(() => {
    if (skip) return;
    s.graph.reset();
    s.advance(60_000);
  });

  it.skipIf(skip)('(a) places a call the estimate refuses when call_permissions says the customer allows it', async () => {
    expect((await s.contact(carla, pnid)).eligibility.call.refusals[0]).toMatchObject({ reason: 'no_permission' });
    s.graph.on('call_permissions', permissionsAnswer(temporaryFor(seconds() + 5 * 86400)));
    const res = await dial(carla);
    expect(res.status).toBe(200);
    expect(res.json.callId).toMatch(/^wacid\.FAKE/);
    // Asked first, with Meta's query and our token; then connect reached Graph.
    const kinds = s.graph.requests.map((r) => `${r.method} ${r.path.split('/').at(-1)}`);
    expect(kinds).toEqual(['GET call_permissions', 'POST calls']);
    expect(s.graph.requests[0]!.query.get('user_wa_id')).toBe(carla);
    expect(s.graph.requestsTo('connect')[0]!.body).toMatchObject({ action: 'connect', to: carla });
    const contact = await s.contact(carla, pnid);
    expect(contact.basis.permission).toBe('whatsapp');
    expect(contact.eligibility.permission.state).toBe('temporary');
    expect(contact.estimate.permission).toBe('none');
  });

  it.skipIf(skip)('(b) turns the contact to "not callable" with Meta\'s reason on 138006, and a later grant makes it callable again', async () => {
    expect((await s.contact(igor, pnid)).eligibility.call.allowed).toBe(true);
    s.graph.on('connect', graphError(138006));
    const refused = await dial(igor);
    expect(refused.status).toBe(422);
    expect(refused.json.error).toMatchObject({ code: 'meta_error', metaCode: 138006 });
    expect(s.graph.requestsTo('call_permissions')).toHaveLength(0); // the estimate allowed: nothing to ask
    const after = await s.contact(igor, pnid);
    expect(after.eligibility.call.allowed).toBe(false);
    expect(after.eligibility.call.refusals[0]).toMatchObject({ code: 138006, reason: 'whatsapp_refused', via: 'graph_error' });
    expect(after.metaRefusal).toMatchObject({ code: 138006, action: 'call', holds: true, metaMessage: '(#138006) No approved call permission from the recipient' });
    expect(s.events('contact.updated')).toContainEqual({ type: 'contact.updated', waId: igor, businessNumberId: pnid });
    // The refusal holds: the next dial is refused by Ringside without bothering Meta.
    expect((await dial(igor)).json.error).toMatchObject({ code: 'policy_refused', metaCode: 138006, message: expect.stringMatching(/^WhatsApp refused at \d\d:\d\d UTC/) });
    expect(s.graph.requestsTo('connect')).toHaveLength(1);

    s.advance(5_000);
    expect((await grant('wamid.IGOR-GRANT', igor, seconds())).status).toBe(200);
    const granted = await s.contact(igor, pnid);
    expect(granted.eligibility.call.allowed).toBe(true);
    expect(granted.eligibility.permission.origin).toBe('request');
    expect(granted.metaRefusal?.holds).toBe(false);
    s.graph.on('connect', () => ({ status: 200, body: { messaging_product: 'whatsapp', calls: [{ id: 'wacid.IGOR-2' }] } }));
    expect((await dial(igor)).json).toEqual({ callId: 'wacid.IGOR-2' });
  });

  it.skipIf(skip)('(c) shows Meta\'s quota (100 per 24 h from limits) as WhatsApp\'s figures', async () => {
    s.graph.on('call_permissions', permissionsAnswer(temporaryFor(seconds() + 86400)));
    const res = await s.api('POST', `/api/contacts/${igor}/permission-status/refresh`, { businessNumberId: pnid });
    expect(res.status).toBe(200);
    expect(res.json.eligibility.call).toMatchObject({ used: 7, max: 100, allowed: true });
    expect(res.json.basis).toEqual({ permission: 'whatsapp', calls: 'whatsapp', requests: 'whatsapp' });
    expect(res.json.estimate).toMatchObject({ callsMax: 10 });
    expect(res.json.meta).toMatchObject({ callsUsed: 7, callsMax: 100, holds: true });
    // It still holds long after any fixed freshness window: no newer fact arrived.
    s.advance(3 * 3600 * 1000);
    expect((await s.contact(igor, pnid)).eligibility.call.max).toBe(100);
  });

  it.skipIf(skip)('reads every shape of call_permissions Meta has documented', async () => {
    const expires = seconds() + 3 * 86400;
    const variants: Array<Partial<PermissionsShape>> = [
      { expiryKey: 'expiration' }, { expiryKey: 'expiration_time' }, { stringNumbers: true }, { omitMessagingProduct: true }, { extraFields: true },
      { expiryKey: 'expiration', stringNumbers: true, omitMessagingProduct: true, extraFields: true },
    ];
    for (const variant of variants) {
      s.graph.on('call_permissions', permissionsAnswer({ ...temporaryFor(expires), ...variant }));
      const res = await s.api('POST', `/api/contacts/${carla}/permission-status/refresh`, { businessNumberId: pnid });
      expect(res.status, JSON.stringify(variant)).toBe(200);
      expect(res.json.meta, JSON.stringify(variant)).toMatchObject({ status: 'temporary', expiresAt: new Date(expires * 1000).toISOString(), callsUsed: 7, callsMax: 100 });
      expect(res.json.metaUnreadable).toBeNull();
    }
  });

  it.skipIf(skip)('(d) reports an unreadable call_permissions answer as such, and the dial falls back to the estimate', async () => {
    s.graph.on('call_permissions', { status: 200, body: { messaging_product: 'whatsapp', permission: { state: 'granted?' }, actions: 'none' } });
    const res = await dial(elena);
    expect(res.status).toBe(422);
    expect(res.json.error).toMatchObject({ code: 'policy_refused', metaCode: 138006 });
    expect(res.json.error.message).toContain("(Ringside's estimate: WhatsApp's answer could not be read.)");
    expect(s.graph.requestsTo('connect')).toHaveLength(0);
    const contact = await s.contact(elena, pnid);
    expect(contact.metaUnreadable).toMatchObject({ problem: expect.stringContaining('permission.status') });
    expect(contact.meta).toBeNull();
    expect(contact.eligibility.call.refusals[0]).toMatchObject({ reason: 'permission_expired' });
    // "Check with WhatsApp" with the same answer is not an error either: the contact shows it.
    const checked = await s.api('POST', `/api/contacts/${elena}/permission-status/refresh`, { businessNumberId: pnid });
    expect(checked.status).toBe(200);
    expect(checked.json.metaUnreadable).not.toBeNull();
  });

  it.skipIf(skip)('falls back to the estimate, and says so, when Meta rate-limits the look-up (613)', async () => {
    s.graph.on('call_permissions', graphError(613));
    const res = await dial(frank);
    expect(res.json.error).toMatchObject({ code: 'policy_refused', metaCode: 138006 });
    expect(res.json.error.message).toContain("(Ringside's estimate: WhatsApp could not be asked just now: Too many permission look-ups; try again in a moment.)");
    const checked = await s.api('POST', `/api/contacts/${frank}/permission-status/refresh`, { businessNumberId: pnid });
    expect(checked).toMatchObject({ status: 422, json: { error: { code: 'meta_error', metaCode: 613 } } });
  });

  it.skipIf(skip)('sends a request the estimate refuses when WhatsApp says it can, with the configured template', async () => {
    s.ctx.permissionTemplate = { name: 'callback_ok_v2', language: 'pt_BR' };
    expect((await s.contact(bruno, pnid)).eligibility.request.refusals[0]).toMatchObject({ reason: 'permanent_permission' });
    s.graph.on('call_permissions', permissionsAnswer({ status: 'no_permission', startCall: { can: false, used: 0, max: 100 }, request: { can: true, day: [0, 1], week: [1, 2] } }));
    const res = await s.api('POST', `/api/contacts/${bruno}/permission-request`, { businessNumberId: pnid });
    expect(res.json).toEqual({ ok: true, via: 'template' });
    expect(s.graph.requestsTo('messages')[0]!.body).toMatchObject({ type: 'template', to: bruno, template: { name: 'callback_ok_v2', language: { code: 'pt_BR' } } });
  });

  it.skipIf(skip)('keeps WhatsApp\'s request refusal (138009) as a fact that blocks the next request, for a number typed in', async () => {
    const typed = '5511987650001'; // not a contact yet: the request creates it
    expect((await s.api('GET', `/api/contacts/${typed}?businessNumberId=${pnid}`)).status).toBe(404);
    s.graph.on('messages', graphError(138009));
    const res = await s.api('POST', `/api/contacts/${typed}/permission-request`, { businessNumberId: pnid });
    expect(res.json.error).toMatchObject({ code: 'meta_error', metaCode: 138009 });
    const contact = await s.contact(typed, pnid);
    expect(contact.name).toBe('+55 11 98765 0001');
    expect(contact.eligibility.request.allowed).toBe(false);
    expect(contact.eligibility.request.refusals[0]).toMatchObject({ code: 138009, reason: 'whatsapp_refused' });
    expect(contact.eligibility.call.refusals[0]).toMatchObject({ reason: 'no_permission' }); // calls: untouched
    expect(contact.estimate.canRequest).toBe(true);
  });

  it.skipIf(skip)('answers Meta\'s Graph with its token only: the fake refuses any other (190)', async () => {
    expect(s.graph.requests.every((r) => r.authorization === `Bearer ${s.graph.token}`)).toBe(true);
    const res = await fetch(`${s.graph.url}/v23.0/${pnid}/call_permissions?user_wa_id=${carla}`, { headers: { authorization: 'Bearer wrong' } });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe(190);
  });
});
