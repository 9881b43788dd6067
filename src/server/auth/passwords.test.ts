import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, productionPasswordCost, verifyPassword } from './passwords.ts';

describe('password hashing', () => {
  it('hashes at N=2^17 by default (past the 32 MiB maxmem Node would otherwise refuse) and verifies', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(productionPasswordCost).toBe(131072);
    expect(stored).toMatch(/^scrypt\$131072\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true);
    expect(needsRehash(stored, productionPasswordCost)).toBe(false);
  }, 60_000);

  it('asks for a rehash of weaker or old-format hashes, and rejects what it cannot read', async () => {
    const weak = await hashPassword('pw', 2 ** 10);
    expect(needsRehash(weak, 2 ** 11)).toBe(true);
    expect(needsRehash(weak, 2 ** 10)).toBe(false);
    // The old format (`scrypt$salt$hash`) was made with Node's default N=2^14.
    expect(needsRehash('scrypt$00$00', 2 ** 14)).toBe(false);
    expect(needsRehash('scrypt$00$00', productionPasswordCost)).toBe(true);
    expect(await verifyPassword('pw', weak)).toBe(true);
    expect(await verifyPassword('pW', weak)).toBe(false);
    for (const junk of ['', 'bcrypt$x', 'scrypt$3$00$00', 'scrypt$1024$$', `scrypt$${2 ** 30}$00$00`, 'scrypt$1024$00$00$00']) {
      expect(await verifyPassword('pw', junk)).toBe(false);
    }
    await expect(hashPassword('pw', 1000)).rejects.toThrow(/power of two/);
  });
});
