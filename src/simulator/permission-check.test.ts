import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from './ledger.ts';
import { callPermissionsView, checkConnect, checkPermissionRequest, permissionState, type ConnectFacts } from './permission-check.ts';

const DAY = 24 * 3_600_000;
const NOW = Date.UTC(2026, 0, 15, 12);
const temporary = (at: number): LedgerEntry => ({ type: 'permission_replied', id: `r${at}`, at, response: 'accept', permanent: false, expiresAt: at + 7 * DAY, source: 'user_action' });
const permanent = (at: number): LedgerEntry => ({ type: 'permission_replied', id: `p${at}`, at, response: 'accept', permanent: true, source: 'user_action' });
const declined = (at: number): LedgerEntry => ({ type: 'permission_replied', id: `d${at}`, at, response: 'reject', permanent: false, source: 'user_action' });
const requested = (at: number): LedgerEntry => ({ type: 'permission_requested', id: `q${at}`, at, via: 'free_form' });
const connected = (at: number): LedgerEntry => ({ type: 'call_connected', id: `c${at}`, at, direction: 'business_initiated' });

const facts = (overrides: Partial<ConnectFacts> = {}): ConnectFacts => ({
  callingEnabled: true, businessNumber: '551140001000', tier: 'production', receiver: '5511912345678', receiverOnWhatsApp: true,
  ledger: [temporary(NOW - DAY)], ongoingCallId: null, outboundCallsInProgress: 0, ...overrides,
});

describe('permissionState', () => {
  it('temporary permission lasts exactly 7 days', () => {
    expect(permissionState([temporary(NOW - DAY)], NOW)).toEqual({ status: 'temporary', expiresAt: NOW + 6 * DAY });
    expect(permissionState([temporary(NOW - 7 * DAY)], NOW)).toMatchObject({ status: 'no_permission', reason: 'expired' });
  });

  it('the latest reply decides, but a temporary grant does not narrow a permanent one', () => {
    expect(permissionState([permanent(NOW - 3 * DAY), temporary(NOW - DAY)], NOW)).toEqual({ status: 'permanent' });
    expect(permissionState([temporary(NOW - 2 * DAY), declined(NOW - DAY)], NOW)).toMatchObject({ status: 'no_permission', reason: 'declined' });
    expect(permissionState([], NOW)).toMatchObject({ status: 'no_permission', reason: 'never' });
  });
});

describe('checkConnect', () => {
  it("follows Meta's order: 138000 → 138013 → 138001 → 138006 → 138003 → 138002", () => {
    const everythingWrong = facts({
      callingEnabled: false, businessNumber: '14155550100', receiverOnWhatsApp: false, ledger: [], ongoingCallId: 'wacid.x', outboundCallsInProgress: 1000,
    });
    expect(checkConnect(everythingWrong, NOW)?.code).toBe(138000);
    expect(checkConnect({ ...everythingWrong, callingEnabled: true }, NOW)?.code).toBe(138013);
    expect(checkConnect({ ...everythingWrong, callingEnabled: true, businessNumber: '551140001000' }, NOW)?.code).toBe(138001);
    expect(checkConnect(facts({ ledger: [], ongoingCallId: 'wacid.x' }), NOW)?.code).toBe(138006);
    expect(checkConnect(facts({ ongoingCallId: 'wacid.x', outboundCallsInProgress: 1000 }), NOW)?.code).toBe(138003);
    expect(checkConnect(facts({ outboundCallsInProgress: 1000 }), NOW)?.code).toBe(138002);
    expect(checkConnect(facts({ outboundCallsInProgress: 999 }), NOW)).toBeNull();
  });

  it('restricts business numbers of US, CA, TR, EG, VN, NG by country code', () => {
    for (const number of ['14155550100', '16135550100', '902125550100', '20225550100', '842435550100', '2348035550100']) {
      expect(checkConnect(facts({ businessNumber: number }), NOW)?.code, number).toBe(138013);
    }
    expect(checkConnect(facts({ businessNumber: '442071838750' }), NOW)).toBeNull();
  });

  it('explains why permission is missing', () => {
    expect(checkConnect(facts({ ledger: [declined(NOW - DAY)] }), NOW)?.details).toMatch(/declined/);
    expect(checkConnect(facts({ ledger: [temporary(NOW - 8 * DAY)] }), NOW)?.details).toMatch(/expired/);
  });
});

describe('checkPermissionRequest', () => {
  it('refuses 138017 when permission is permanent', () => {
    expect(checkPermissionRequest([permanent(NOW - DAY)], NOW, 'production')?.code).toBe(138017);
  });

  it('limits requests to 1 per 24 h and 2 per 7 days in production; a connected call resets them', () => {
    expect(checkPermissionRequest([requested(NOW - 3_600_000)], NOW, 'production')?.code).toBe(138009);
    expect(checkPermissionRequest([requested(NOW - 3 * DAY), requested(NOW - 2 * DAY)], NOW, 'production')?.details).toMatch(/7 days/);
    expect(checkPermissionRequest([requested(NOW - 3 * DAY), requested(NOW - 2 * DAY), connected(NOW - DAY)], NOW, 'production')).toBeNull();
    expect(checkPermissionRequest([requested(NOW - 3_600_000)], NOW, 'sandbox')).toBeNull();
  });
});

describe('callPermissionsView', () => {
  it("answers in Meta's shape (reference §4.5)", () => {
    const view = callPermissionsView([requested(NOW - DAY - 60_000), temporary(NOW - DAY)], NOW, 'production', true);
    expect(view).toEqual({
      messaging_product: 'whatsapp',
      permission: { status: 'temporary', expiration_time: Math.floor((NOW + 6 * DAY) / 1000) },
      actions: [
        {
          action_name: 'send_call_permission_request', can_perform_action: true,
          limits: [{ time_period: 'PT24H', max_allowed: 1, current_usage: 0 }, { time_period: 'P7D', max_allowed: 2, current_usage: 1 }],
        },
        { action_name: 'start_call', can_perform_action: true, limits: [{ time_period: 'PT24H', max_allowed: 100, current_usage: 0 }] },
      ],
    });
  });

  it('shows limit_expiration_time only on an exhausted limit, and no_permission for uncallable numbers', () => {
    const view = callPermissionsView([requested(NOW - 3_600_000)], NOW, 'production', true);
    expect(view.actions[0]).toMatchObject({ can_perform_action: false });
    expect(view.actions[0]?.limits[0]).toEqual({ time_period: 'PT24H', max_allowed: 1, current_usage: 1, limit_expiration_time: Math.floor((NOW - 3_600_000 + DAY) / 1000) });
    expect(callPermissionsView([permanent(NOW)], NOW, 'production', false).permission).toEqual({ status: 'no_permission' });
  });
});
