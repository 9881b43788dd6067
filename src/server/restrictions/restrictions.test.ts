/**
 * WhatsApp's warnings, restrictions and calling settings for a business number, from signed
 * webhooks to the business numbers API, the policy and the push channel.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BusinessNumber } from '../../shared/agent-api.ts';
import type { OpenDb } from '../db/open-db.ts';
import { chromiumOffer, openTestDb, postgresAvailable } from '../test-support.ts';
import { startMetaModeServer, type MetaModeServer } from '../testing/meta-mode-server.ts';
import { parseExpiration } from './account-updates.ts';

const br = '100000000000001';
const sandbox = '100000000000002';
const igor = '5581971234567'; // temporary permission, clean history
const envelope = (field: string, value: unknown) => ({ object: 'whatsapp_business_account', entry: [{ id: 'WABA1', time: 1767168000, changes: [{ field, value }] }] });
const restriction = (type: string, expiration: string | number) => envelope('account_update', {
  phone_number: '551140001000', event: 'ACCOUNT_RESTRICTION', restriction_info: [{ restriction_type: type, expiration }],
});
const settings = (calling: Record<string, unknown>, timestamp?: number) => envelope('account_settings_update', {
  messaging_product: 'whatsapp', ...(timestamp === undefined ? {} : { timestamp: String(timestamp) }), type: 'phone_number_settings',
  phone_number_settings: { phone_number_id: br, calling },
});

describe('parseExpiration', () => {
  it.each([
    ['Unix seconds as a string', '1776607160', '2026-04-19T13:59:20.000Z'],
    ['Unix seconds as a number', 1776607160, '2026-04-19T13:59:20.000Z'],
    ['ISO with +0000', '2026-04-19T13:59:20+0000', '2026-04-19T13:59:20.000Z'],
    ['ISO with Z', '2026-04-19T13:59:20Z', '2026-04-19T13:59:20.000Z'],
  ] as const)('reads %s', (_name, value, iso) => {
    expect(parseExpiration(value)?.toISOString()).toBe(iso);
  });

  it.each([undefined, '', 'next week'])('gives no expiry for %j', (value) => {
    expect(parseExpiration(value)).toBeNull();
  });
});

const pgUp = await postgresAvailable();

describe.each(['pglite', 'postgres'] as const)("WhatsApp's word on a business number (%s)", (kind) => {
  const skip = kind === 'postgres' && !pgUp;
  if (skip) console.warn('Skipping the PostgreSQL run of the restriction tests: no PostgreSQL answers at TEST_DATABASE_URL.');
  let db: OpenDb;
  let s: MetaModeServer;
  const seconds = () => Math.floor(s.ctx.now().getTime() / 1000);
  const lines = async (): Promise<BusinessNumber[]> => (await s.api('GET', '/api/business-numbers')).json;
  const line = async (id: string) => (await lines()).find((n) => n.id === id)!;
  const notices = async (id: string) => (await line(id)).notices ?? [];
  const dial = (waId: string) => s.api('POST', '/api/calls', { businessNumberId: br, waId, sdp: chromiumOffer });

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
    s.published.length = 0;
  });

  it.skipIf(skip)('pauses business-initiated calls and requests on the restricted number until the restriction ends, and tells agents', async () => {
    expect((await notices(br))).toEqual([]);
    const until = seconds() + 2 * 3600;
    expect((await s.webhook(restriction('RESTRICTED_BUSINESS_INITIATED_CALLING', String(until)))).status).toBe(200);
    expect(s.events('business-number.updated')).toEqual([{ type: 'business-number.updated', businessNumberId: br }]);
    expect((await notices(br))).toEqual([{
      kind: 'restriction', type: 'RESTRICTED_BUSINESS_INITIATED_CALLING', since: s.ctx.now().toISOString(), until: new Date(until * 1000).toISOString(), pausesBusinessCalls: true,
    }]);
    expect((await notices(sandbox))).toEqual([]);

    const refused = await dial(igor);
    expect(refused.json.error).toMatchObject({ code: 'policy_refused', metaCode: 138014 });
    const request = await s.api('POST', `/api/contacts/${igor}/permission-request`, { businessNumberId: br });
    expect(request.json.error).toMatchObject({ code: 'policy_refused', metaCode: 138014 });
    expect(s.graph.requests).toEqual([]); // neither Graph nor call_permissions: WhatsApp's own restriction decides
    expect((await s.contact(igor, br)).eligibility.call.refusals[0]).toMatchObject({ code: 138014, until: until * 1000 });

    s.advance(2 * 3600 * 1000);
    expect((await notices(br))).toEqual([]);
    expect((await dial(igor)).status).toBe(200);
  });

  it.skipIf(skip)('is idempotent for repeated deliveries, and takes a new end date as news', async () => {
    s.advance(60_000);
    const first = seconds() + 86400;
    const body = restriction('RESTRICTED_USER_INITIATED_CALLING_CALL_BUTTON_HIDDEN', first);
    await s.webhook(body);
    const once = (await notices(br));
    s.advance(5_000);
    await s.webhook(body);
    await s.webhook(JSON.parse(JSON.stringify(body, null, 2)));
    expect((await notices(br))).toEqual(once);
    expect(once[0]).toMatchObject({ kind: 'restriction', pausesBusinessCalls: false });
    expect((await s.contact(igor, br)).eligibility.call.refusals.map((r) => r.code)).not.toContain(138014);

    s.advance(5_000);
    await s.webhook(restriction('RESTRICTED_USER_INITIATED_CALLING_CALL_BUTTON_HIDDEN', new Date((first + 86400) * 1000).toISOString().replace('.000Z', '+0000')));
    const renewed = (await notices(br))[0]!;
    expect(renewed.until).toBe(new Date((first + 86400) * 1000).toISOString());
    expect(Date.parse(renewed.since)).toBeGreaterThan(Date.parse(once[0]!.since));
  });

  it.skipIf(skip)('shows a warning that names no number on every line, without refusing anything', async () => {
    await s.webhook(envelope('account_update', { event: 'ACCOUNT_VIOLATION', violation_info: { violation_type: 'USER_INITIATED_CALLS_LOW_PICKUP_RATE' } }));
    for (const n of await lines()) expect(n.notices).toContainEqual(expect.objectContaining({ kind: 'warning', type: 'USER_INITIATED_CALLS_LOW_PICKUP_RATE', until: null, pausesBusinessCalls: false }));
    expect(s.events('business-number.updated')).toHaveLength(3);
    expect((await s.contact(igor, br)).eligibility.call.allowed).toBe(true);
  });

  it.skipIf(skip)('keeps the calling settings, merging partial updates, ignoring older ones, and refuses calls while calling is disabled', async () => {
    const t = seconds();
    await s.webhook(settings({ status: 'DISABLED', call_icon_visibility: 'DISABLE_ALL', callback_permission_status: 'ENABLED' }, t));
    expect((await line(br)).callingSettings).toEqual({ calling: 'disabled', callIcon: 'hidden', callbackPermission: 'enabled', updatedAt: new Date(t * 1000).toISOString() });
    expect((await s.contact(igor, br)).eligibility.call.refusals[0]).toMatchObject({ code: 138000 });
    expect((await line(sandbox)).callingSettings).toBeNull();

    await s.webhook(settings({ status: 'ENABLED' }, t + 10));
    await s.webhook(settings({ status: 'DISABLED' }, t + 5)); // an older change, delivered late
    expect((await line(br)).callingSettings).toMatchObject({ calling: 'enabled', callIcon: 'hidden', callbackPermission: 'enabled' });
    expect((await s.contact(igor, br)).eligibility.call.refusals.map((r) => r.code)).not.toContain(138000);
  });

  it.skipIf(skip)('keeps account changes it has no use for, without failing the delivery', async () => {
    expect((await s.webhook(envelope('account_update', { event: 'PARTNER_ADDED', waba_info: { waba_id: '1' } }))).status).toBe(200);
    expect((await s.webhook(envelope('account_update', { phone_number: '15550009999', event: 'ACCOUNT_RESTRICTION', restriction_info: [{ restriction_type: 'RESTRICTED_BUSINESS_INITIATED_CALLING' }] }))).status).toBe(200);
    expect(s.events('business-number.updated')).toEqual([]);
  });
});
