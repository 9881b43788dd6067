/**
 * The standalone simulator's environment: the policy profile setting is validated at start.
 */
import { describe, expect, it } from 'vitest';
import { loadSimulatorEnv } from './env.ts';

const required = { SIMULATOR_WEBHOOK_URL: 'http://127.0.0.1:3000/webhooks/meta', SIMULATOR_APP_SECRET: 's3cret' };

describe('loadSimulatorEnv', () => {
  it('enforces the seed documents by default; SIMULATOR_POLICY_PROFILE selects another profile', () => {
    expect(loadSimulatorEnv(required).policyProfile).toBe('seed-2025');
    expect(loadSimulatorEnv({ ...required, SIMULATOR_POLICY_PROFILE: '' }).policyProfile).toBe('seed-2025');
    expect(loadSimulatorEnv({ ...required, SIMULATOR_POLICY_PROFILE: 'meta-2026' }).policyProfile).toBe('meta-2026');
  });

  it('refuses an unknown profile, naming the variable and the valid ids', () => {
    expect(() => loadSimulatorEnv({ ...required, SIMULATOR_POLICY_PROFILE: 'meta-2027' })).toThrow(/SIMULATOR_POLICY_PROFILE:.*"seed-2025"\|"meta-2026"/);
  });

  it('reads the control token, the CORS origins and the state file; none by default', () => {
    expect(loadSimulatorEnv(required)).toMatchObject({ controlToken: undefined, allowedOrigins: [], stateFile: undefined });
    expect(loadSimulatorEnv({ ...required, SIMULATOR_STATE_FILE: './data/sim.json' }).stateFile).toBe('./data/sim.json');
    const env = loadSimulatorEnv({ ...required, SIMULATOR_CONTROL_TOKEN: 'tok', SIMULATOR_ALLOWED_ORIGINS: 'http://127.0.0.1:3000, https://ringside.example' });
    expect(env.controlToken).toBe('tok');
    expect(env.allowedOrigins).toEqual(['http://127.0.0.1:3000', 'https://ringside.example']);
    expect(loadSimulatorEnv({ ...required, SIMULATOR_ALLOWED_ORIGINS: '*' }).allowedOrigins).toEqual(['*']);
  });

  it('refuses an allowed origin with a path, naming the variable', () => {
    expect(() => loadSimulatorEnv({ ...required, SIMULATOR_ALLOWED_ORIGINS: 'http://127.0.0.1:3000/phone' })).toThrow(/SIMULATOR_ALLOWED_ORIGINS:.*not an origin/);
  });
});
