/** Contacts by number, through the server's HTTP API: validated on the server, then callable and askable. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDb } from '../db/open-db.ts';
import { chromiumOffer, openTestDb } from '../test-support.ts';
import { startMetaModeServer, type MetaModeServer } from '../testing/meta-mode-server.ts';

const pnid = '100000000000001';

describe('contacts by number (pglite)', () => {
  let db: OpenDb;
  let s: MetaModeServer;
  const contactCount = async () => ((await s.api('GET', `/api/contacts?businessNumberId=${pnid}`)).json as unknown[]).length;

  beforeAll(async () => {
    db = await openTestDb('pglite');
    s = await startMetaModeServer(db);
  });
  afterAll(async () => {
    await s.close();
    await db.close();
  });

  it('adds a contact from a number as typed, validated with libphonenumber-js, and answers it as seen from the line', async () => {
    const before = await contactCount();
    const res = await s.api('POST', '/api/contacts', { number: '+55 (11) 98888-7777', name: 'Paula Reis', businessNumberId: pnid });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ waId: '5511988887777', name: 'Paula Reis', country: 'BR', permission: { status: 'none' } });
    expect(res.json.eligibility.call.refusals[0]).toMatchObject({ code: 138006, reason: 'no_permission' });
    expect(await contactCount()).toBe(before + 1);
    expect(s.events('contact.updated')).toContainEqual({ type: 'contact.updated', waId: '5511988887777', businessNumberId: pnid });
  });

  it('answers an existing contact unchanged (200), whatever the formatting', async () => {
    const again = await s.api('POST', '/api/contacts', { waId: '5511988887777', name: 'Someone Else' });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ waId: '5511988887777', name: 'Paula Reis' });
  });

  it.each([
    [{ number: '12345' }, 400, 'invalid_number', /"12345" is not a valid phone number\. Type it in international form/],
    [{ number: '+55 11' }, 400, 'invalid_number', /not a valid phone number/],
    [{ name: 'No number' }, 400, 'bad_request', /number: Give the number \(as typed\) or the wa_id/],
    [{ number: '+44 20 7183 8750', businessNumberId: 'nope' }, 404, 'not_found', /Unknown business number/],
  ])('refuses %j with a clear error and creates nothing', async (body, status, code, message) => {
    const before = await contactCount();
    const res = await s.api('POST', '/api/contacts', body);
    expect(res.status).toBe(status);
    expect(res.json.error).toMatchObject({ code, message: expect.stringMatching(message) });
    expect(await contactCount()).toBe(before);
  });

  it('takes a business-scoped user id Meta sent as it is', async () => {
    const res = await s.api('POST', '/api/contacts', { waId: 'US.13491208655302741918', name: 'Username user' });
    expect(res.status).toBe(201);
    expect(res.json.waId).toBe('US.13491208655302741918');
  });

  it('asks for permission for a valid number that is not a contact yet, creating it; an invalid one is refused', async () => {
    const created = await s.api('POST', '/api/contacts/5511977776666/permission-request', { businessNumberId: pnid });
    expect(created.json).toEqual({ ok: true, via: 'template' });
    expect(s.graph.requestsTo('messages').at(-1)!.body).toMatchObject({ to: '5511977776666', type: 'template', template: { name: 'call_permission_request', language: { code: 'en' } } });
    expect((await s.contact('5511977776666', pnid)).permission.status).toBe('requested');
    const invalid = await s.api('POST', '/api/contacts/99999/permission-request', { businessNumberId: pnid });
    expect(invalid.status).toBe(404);
  });

  it('dials a contact added by number once WhatsApp says it may', async () => {
    s.graph.on('call_permissions', { status: 200, body: { permission: { status: 'permanent' }, actions: [{ action_name: 'start_call', can_perform_action: true, limits: [] }] } });
    const res = await s.api('POST', '/api/calls', { businessNumberId: pnid, waId: '5511988887777', sdp: chromiumOffer });
    expect(res.status).toBe(200);
    expect(s.graph.requestsTo('connect').at(-1)!.body).toMatchObject({ action: 'connect', to: '5511988887777' });
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await s.api('GET', '/api/openapi.json')).json;
    expect(doc.paths['/api/contacts'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('number');
    expect(Object.keys(doc.paths['/api/contacts'].post.responses)).toEqual(expect.arrayContaining(['200', '201', '400']));
  });

  it('lets supervisors read but not add', async () => {
    const signIn = await fetch(`${s.base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'sam.supervisor', password: 'ringside' }) });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const res = await fetch(`${s.base}/api/contacts`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ number: '+5511966665555' }) });
    expect(res.status).toBe(403);
  });
});
