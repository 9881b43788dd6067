import { describe, expect, it } from 'vitest';
import { EnvError, loadEnv } from './env.ts';

describe('configuration from the environment', () => {
  it('runs in simulator mode without a Meta token, with defaults', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({ mode: 'simulator', port: 3000, dataDir: './data', policyProfileId: 'seed-2025', accounts: [] });
  });

  it('in Meta mode needs the secrets, the numbers and the accounts, and names what is missing', () => {
    expect(() => loadEnv({ WHATSAPP_ACCESS_TOKEN: 't' })).toThrow(/Meta mode also needs: WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN, WHATSAPP_PHONE_NUMBERS, RINGSIDE_ACCOUNTS$/);
    const env = loadEnv({
      WHATSAPP_ACCESS_TOKEN: 't', WHATSAPP_APP_SECRET: 's', WHATSAPP_VERIFY_TOKEN: 'v',
      WHATSAPP_PHONE_NUMBERS: '123456:551140001000:Support BR,654321:442071838750:Sandbox:sandbox',
      RINGSIDE_ACCOUNTS: 'ana:correct-horse:agent:Ana Agent,sam:battery-staple:supervisor',
    });
    expect(env.mode).toBe('meta');
    expect(env.phoneNumbers).toEqual([
      { id: '123456', displayNumber: '551140001000', label: 'Support BR', profile: 'production' },
      { id: '654321', displayNumber: '442071838750', label: 'Sandbox', profile: 'sandbox' },
    ]);
    expect(env.accounts).toEqual([
      { username: 'ana', password: 'correct-horse', role: 'agent', displayName: 'Ana Agent' },
      { username: 'sam', password: 'battery-staple', role: 'supervisor', displayName: 'sam' },
    ]);
  });

  it('refuses invalid values with a message naming the variable', () => {
    expect(() => loadEnv({ PORT: 'eighty' })).toThrow(EnvError);
    expect(() => loadEnv({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadEnv({ POLICY_PROFILE: 'meta-2030' })).toThrow(/POLICY_PROFILE/);
    expect(() => loadEnv({ RINGSIDE_ACCOUNTS: 'ana:short:agent' })).toThrow(/RINGSIDE_ACCOUNTS.*8\+ chars/);
    expect(() => loadEnv({ WHATSAPP_PHONE_NUMBERS: 'abc:12' })).toThrow(/WHATSAPP_PHONE_NUMBERS/);
  });

  it('reads the permission template as name:language, call_permission_request:en by default', () => {
    const meta = {
      WHATSAPP_ACCESS_TOKEN: 't', WHATSAPP_APP_SECRET: 's', WHATSAPP_VERIFY_TOKEN: 'v',
      WHATSAPP_PHONE_NUMBERS: '123456:551140001000:Support BR', RINGSIDE_ACCOUNTS: 'ana:correct-horse:agent',
    };
    expect(loadEnv({}).permissionTemplate).toEqual({ name: 'call_permission_request', language: 'en' });
    expect(loadEnv({ ...meta, WHATSAPP_PERMISSION_TEMPLATE: 'callback_ok_v2:pt_BR' }).permissionTemplate).toEqual({ name: 'callback_ok_v2', language: 'pt_BR' });
    for (const bad of ['call_permission_request', 'Call-Me:en', 'call_me:english', ':en']) {
      expect(() => loadEnv({ ...meta, WHATSAPP_PERMISSION_TEMPLATE: bad }), bad).toThrow(/WHATSAPP_PERMISSION_TEMPLATE.*like call_permission_request:en/);
    }
  });

  it('takes the mode from RINGSIDE_MODE; Meta mode without a token names what is missing', () => {
    expect(loadEnv({ RINGSIDE_MODE: 'simulator' }).mode).toBe('simulator');
    expect(() => loadEnv({ RINGSIDE_MODE: 'meta' })).toThrow(/Meta mode also needs: WHATSAPP_ACCESS_TOKEN, WHATSAPP_APP_SECRET/);
    expect(() => loadEnv({ RINGSIDE_MODE: 'simulator', WHATSAPP_ACCESS_TOKEN: 't' })).toThrow(/RINGSIDE_MODE=simulator, but WHATSAPP_ACCESS_TOKEN is set/);
    expect(() => loadEnv({ RINGSIDE_MODE: 'sandbox' })).toThrow(/RINGSIDE_MODE/);
  });

  it('stops on any WHATSAPP_* variable set while the token is empty, naming each one', () => {
    expect(() => loadEnv({ WHATSAPP_APP_SECRET: 's' })).toThrow(/^WHATSAPP_APP_SECRET is set but WHATSAPP_ACCESS_TOKEN is empty/);
    expect(() => loadEnv({ WHATSAPP_ACCESS_TOKEN: '', WHATSAPP_PHONE_NUMBERS: '1:5511400010000', WHATSAPP_GRAPH_URL: 'https://graph.example' }))
      .toThrow(/^WHATSAPP_GRAPH_URL, WHATSAPP_PHONE_NUMBERS are set but WHATSAPP_ACCESS_TOKEN is empty/);
    expect(() => loadEnv({ RINGSIDE_MODE: 'simulator', WHATSAPP_SOMETHING_NEW: 'x' })).toThrow(/WHATSAPP_SOMETHING_NEW is set/);
    expect(loadEnv({ WHATSAPP_APP_SECRET: '' }).mode).toBe('simulator');
  });

  it('in simulator mode draws fresh secrets on every boot', () => {
    const [a, b] = [loadEnv({}), loadEnv({})];
    expect(a.appSecret).not.toBe(b.appSecret);
    expect(a.verifyToken).not.toBe(b.verifyToken);
    expect(a.appSecret).toMatch(/^[0-9a-f]{48}$/);
  });

  it('trusts no proxy unless TRUST_PROXY names hops or addresses', () => {
    expect(loadEnv({}).trustProxy).toBe(false);
    expect(loadEnv({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadEnv({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadEnv({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1,loopback' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1', '::1', 'loopback']);
    expect(() => loadEnv({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: trusting every address/);
    expect(() => loadEnv({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY: "10.0.0.0\/33" is not/);
    expect(() => loadEnv({ TRUST_PROXY: 'proxy.internal' })).toThrow(/TRUST_PROXY/);
  });

  it('reads LOG_LEVEL, info by default', () => {
    expect(loadEnv({}).logLevel).toBe('info');
    expect(loadEnv({ LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
    expect(() => loadEnv({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });
});
