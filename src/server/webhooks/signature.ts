/**
 * Meta signs every webhook: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>`
 * (reference §3.7). Verified over the raw bytes, before parsing, in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signBody(appSecret: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

export function isValidSignature(appSecret: string, rawBody: Buffer, header: string | undefined): boolean {
  if (!header || !/^sha256=[0-9a-f]{64}$/i.test(header)) return false;
  const expected = Buffer.from(signBody(appSecret, rawBody).slice('sha256='.length), 'hex');
  const given = Buffer.from(header.slice('sha256='.length), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
