/**
 * Password hashing with scrypt from node:crypto: `scrypt$<N>$<salt hex>$<hash hex>` (r=8, p=1).
 * Hashes from before the cost was stored (`scrypt$<salt>$<hash>`) used Node's default N=2^14; they
 * still verify, and `needsRehash` says when a sign-in should store a stronger one.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number, options: ScryptOptions) => Promise<Buffer>;

/** OWASP's scrypt floor is N=2^17 with r=8: about 128 MiB and a few hundred ms per hash. */
export const productionPasswordCost = 2 ** 17;
const legacyCost = 2 ** 14;
const blockSize = 8;
const minCost = 2 ** 10;
const maxCost = 2 ** 20;

/** scrypt needs 128·N·r bytes; Node refuses anything over `maxmem` (32 MiB by default). */
const options = (cost: number): ScryptOptions => ({ N: cost, r: blockSize, p: 1, maxmem: 2 * 128 * cost * blockSize });

/**
 * At most two hashes at once: each holds 128 MiB at the production cost, and a burst of sign-ins
 * must not take the process's memory (or the whole libuv pool) with it.
 */
const maxConcurrentHashes = 2;
let running = 0;
const waiting: Array<() => void> = [];
async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= maxConcurrentHashes) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

const validCost = (cost: number) => Number.isInteger(cost) && cost >= minCost && cost <= maxCost && (cost & (cost - 1)) === 0;

export async function hashPassword(password: string, cost: number = productionPasswordCost): Promise<string> {
  if (!validCost(cost)) throw new Error(`scrypt cost must be a power of two between 2^10 and 2^20, not ${cost}`);
  const salt = randomBytes(16);
  const hash = await limited(() => scrypt(password, salt, 32, options(cost)));
  return `scrypt$${cost}$${salt.toString('hex')}$${hash.toString('hex')}`;
}

function parse(stored: string): { cost: number; salt: Buffer; hash: Buffer } | null {
  const parts = stored.split('$');
  if (parts[0] !== 'scrypt') return null;
  const [costText, saltHex, hashHex] = parts.length === 3 ? [String(legacyCost), parts[1], parts[2]] : parts.slice(1);
  const cost = Number(costText);
  if (parts.length > 4 || !validCost(cost) || !saltHex || !hashHex) return null;
  return { cost, salt: Buffer.from(saltHex, 'hex'), hash: Buffer.from(hashHex, 'hex') };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed || parsed.hash.length === 0) return false;
  const actual = await limited(() => scrypt(password, parsed.salt, parsed.hash.length, options(parsed.cost)));
  return timingSafeEqual(actual, parsed.hash);
}

/** True when `stored` was made with a lower cost than `cost` (or in the old format). */
export function needsRehash(stored: string, cost: number): boolean {
  const parsed = parse(stored);
  return parsed === null || parsed.cost < cost;
}
