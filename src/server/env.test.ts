import { describe, expect, it } from 'vitest';
import { EnvError, loadEnv } from './env.ts';

describe('configuration from the environment', () => {
  it('runs in simulator mode without a Meta token, with defaults', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({ mode: 'simulator', port: 3000, dataDir: './data', policyProfileId: 'seed-2025', accounts: [] });
  });

  it('in Meta mode needs the secrets, the numbers and the accounts, and names what is missing', () => {
    expect(() => loadEnv({ WHATSAPP_ACCESS_TOKEN: 't' })).toThrow(/WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN, WHATSAPP_PHONE_NUMBERS, RINGSIDE_ACCOUNTS/);
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
    expect(loadEnv({}).permissionTemplate).toEqual({ name: 'call_permission_request', language: 'en' });
    expect(loadEnv({ WHATSAPP_PERMISSION_TEMPLATE: 'callback_ok_v2:pt_BR' }).permissionTemplate).toEqual({ name: 'callback_ok_v2', language: 'pt_BR' });
    for (const bad of ['call_permission_request', 'Call-Me:en', 'call_me:english', ':en']) {
      expect(() => loadEnv({ WHATSAPP_PERMISSION_TEMPLATE: bad }), bad).toThrow(/WHATSAPP_PERMISSION_TEMPLATE.*like call_permission_request:en/);
    }
  });
});
