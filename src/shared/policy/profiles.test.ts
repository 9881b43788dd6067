import { isSupportedCountry } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { DAY_MS, WEEK_MS } from './durations.ts';
import { defaultPolicyProfileId, policyProfile, policyProfiles } from './profiles.ts';
import { tierCases } from './test-kit.ts';

describe.each(tierCases)('profile data: $profileId / $tier', (c) => {
  const profile = policyProfiles[c.profileId];
  const limits = profile.tiers[c.tier];

  it('holds the limits of the table', () => {
    expect(limits).toEqual({
      connectedCalls: { max: c.calls, windowMs: DAY_MS },
      requestsPerDay: { max: c.requestsPerDay, windowMs: DAY_MS },
      requestsPerWeek: { max: c.requestsPerWeek, windowMs: WEEK_MS },
      unanswered: { reconsider: c.reconsider, revoke: c.revoke },
    });
  });

  it('holds the rules shared by both tiers', () => {
    expect(profile).toMatchObject({
      temporaryPermissionMs: 7 * DAY_MS,
      declineWaitMs: DAY_MS,
      concurrentCalls: { inbound: 1000, outbound: 1000 },
    });
    expect([...profile.restrictedBusinessCountries].sort()).toEqual(['CA', 'EG', 'NG', 'US', 'VN', ...(c.turkeyRestricted ? ['TR'] : [])].sort());
    for (const country of profile.restrictedBusinessCountries) expect(isSupportedCountry(country)).toBe(true);
  });
});

describe('profile selection', () => {
  it('defaults to the seed documents', () => {
    expect(defaultPolicyProfileId).toBe('seed-2025');
    expect(policyProfile().id).toBe('seed-2025');
    expect(policyProfile('').id).toBe('seed-2025');
  });

  it("holds Meta's call_permissions rate: 5 per second in the seed documents, 100 in 2026", () => {
    expect(policyProfiles['seed-2025'].callPermissionsPerSecond).toBe(5);
    expect(policyProfiles['meta-2026'].callPermissionsPerSecond).toBe(100);
  });

  it('selects a profile by id and refuses an unknown one', () => {
    expect(policyProfile('meta-2026')).toBe(policyProfiles['meta-2026']);
    expect(() => policyProfile('meta-2027')).toThrow();
  });
});
