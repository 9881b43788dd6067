/**
 * Text PostgreSQL cannot store, refused at the door: a NUL byte (text and jsonb reject it) or an
 * unpaired UTF-16 surrogate (silently turned into U+FFFD on the way to the database). Checked in
 * every route's params, query and JSON body, so no handler has to remember.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.ts';

// eslint-disable-next-line no-control-regex
const unsafe = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const maxDepth = 32;

/** Where the first problem is (`body.username`), and what it is; null when the value is clean. */
export function findUnsafeInput(value: unknown, path: string): { path: string; problem: string } | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path, depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item.value === 'string') {
      if (unsafe.test(item.value)) return { path: item.path, problem: 'contains a NUL byte or an unpaired surrogate' };
      continue;
    }
    if (item.value === null || typeof item.value !== 'object' || Buffer.isBuffer(item.value)) continue;
    if (item.depth >= maxDepth) return { path: item.path, problem: `is nested more than ${maxDepth} levels deep` };
    for (const [key, child] of Object.entries(item.value)) {
      const childPath = `${item.path}.${key}`;
      if (unsafe.test(key)) return { path: childPath, problem: 'has a key with a NUL byte or an unpaired surrogate' };
      stack.push({ value: child, path: childPath, depth: item.depth + 1 });
    }
  }
  return null;
}

/** A `preValidation` hook. */
export async function refuseUnsafeInput(request: FastifyRequest): Promise<void> {
  for (const [part, value] of [['params', request.params], ['query', request.query], ['body', request.body]] as const) {
    const found = findUnsafeInput(value, part);
    if (found) throw new AppError({ code: 'bad_request', message: `${found.path.slice(0, 120)} ${found.problem}.` });
  }
}
