/**
 * TRUST_PROXY: which reverse proxies may speak for the client through X-Forwarded-For/-Proto/-Host.
 * Off by default, so a client reaching the server directly cannot claim HTTPS or another host.
 */
import { isIP } from 'node:net';

/** What Fastify's `trustProxy` accepts: nothing, the number of proxy hops, or proxy addresses/CIDRs. */
export type TrustProxy = false | number | string[];

const namedRanges = new Set(['loopback', 'linklocal', 'uniquelocal']);

function validAddress(item: string): boolean {
  if (namedRanges.has(item)) return true;
  const [address, prefix, ...rest] = item.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** Parses the setting; returns an error sentence instead of a value when it is not one. */
export function parseTrustProxy(raw: string | undefined): { value: TrustProxy } | { error: string } {
  const text = raw?.trim() ?? '';
  if (text === '' || text === 'false' || text === '0') return { value: false };
  if (/^\d+$/.test(text)) return { value: Number(text) };
  if (text === 'true') return { error: 'trusting every address would let any client forge X-Forwarded-*; give the number of proxy hops (e.g. 1) or the proxies\' addresses' };
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = items.filter((item) => !validAddress(item));
  if (bad.length > 0) return { error: `${bad.map((b) => `"${b}"`).join(', ')} is not a hop count, an IP address, a CIDR range or loopback|linklocal|uniquelocal` };
  return { value: items };
}

/** Fastify's option (its types take hop counts only as a function). */
export function fastifyTrustProxy(value: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof value === 'number') return (_address, hop) => hop < value;
  return value;
}
