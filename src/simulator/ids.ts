/**
 * Identifiers shaped like Meta's. Real call ids are `wacid.` + base64 of a Thrift-compact struct
 * {user phone, flag, 32-hex key, business phone}; message ids are `wamid.` + the same idea with an
 * 18-hex key (reference §1.1, decoded from the real 2025-10-17 capture). Clients must treat them as
 * opaque; we mimic the shape so logs and fixtures look like the real thing.
 */
import { randomBytes } from 'node:crypto';

const FIELD_STRUCT = 0x1c;
const FIELD_BINARY = 0x18;
// Flag byte of the real captures: 0x12 on a user-initiated call id, 0x11 on business-initiated ones.
const FLAG = { USER_INITIATED: 0x12, BUSINESS_INITIATED: 0x11 } as const;

function phoneStruct(digits: string): Buffer {
  return Buffer.concat([Buffer.from([FIELD_STRUCT, FIELD_BINARY, digits.length]), Buffer.from(digits, 'ascii'), Buffer.from([0x15, 0x02, 0x00])]);
}

function hexKey(length: number): Buffer {
  return Buffer.from(randomBytes(length / 2).toString('hex').toUpperCase(), 'ascii');
}

/**
 * Base64 of `build()`, retried until it holds no `+` or `/` so ids are safe in URL paths (the
 * phone page puts call ids in paths); falls back to the URL-safe alphabet.
 */
function pathSafeBase64(build: () => Buffer): string {
  for (let attempt = 0; attempt < 32; attempt++) {
    const encoded = build().toString('base64');
    if (!/[+/]/.test(encoded)) return encoded;
  }
  return build().toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

/** A new call id (`wacid.…`). */
export function newCallId(userWaId: string, businessNumber: string, direction: keyof typeof FLAG): string {
  return `wacid.${pathSafeBase64(() => Buffer.concat([
    phoneStruct(userWaId),
    Buffer.from([FLAG[direction], FIELD_BINARY, 0x20]),
    hexKey(32),
    phoneStruct(businessNumber),
    Buffer.from([0x15, 0x0a, 0x00]),
  ]))}`;
}

/** A new message id (`wamid.…`) for a message to or from `userWaId`. */
export function newMessageId(userWaId: string): string {
  return `wamid.${pathSafeBase64(() => Buffer.concat([
    phoneStruct(userWaId),
    Buffer.from([0x11, FIELD_BINARY, 0x12]),
    hexKey(18),
    Buffer.from([0x00]),
  ]))}`;
}

/** A Graph `fbtrace_id`: 23 characters of URL-safe base64, like Meta's. */
export function newTraceId(): string {
  return `A${randomBytes(18).toString('base64url').slice(0, 22)}`;
}
