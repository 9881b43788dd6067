/**
 * Cheap checks of what the server sends. The zod contracts stay on the server, which validates what
 * it receives and builds what it sends from typed code; in the browser they would be a quarter of the
 * first load and a full parse of every list on every refetch. A shape names only what the client
 * dereferences, typed against the shared contract, so a renamed or retyped field is a compile error;
 * everything else is trusted. A mismatch names its path: `[3].eligibility.call: expected an object, got null`.
 */

const NULLABLE = Symbol('nullable');

/** A nested shape that may also be null (see `orNull`). */
export interface Nullable<T> {
  readonly [NULLABLE]: Shape<T>;
}

/** `me: orNull(meShape)`: null, or an object of that shape. */
export const orNull = <T>(shape: Shape<T>): Nullable<T> => ({ [NULLABLE]: shape });

type Leaf = 'string' | 'number' | 'boolean' | 'array' | 'object' | 'unknown';

/**
 * The check for a value of type T: a leaf kind (`'string?'` also accepts null or a missing field), a
 * nested shape, `orNull(shape)`, or `[row shape]` to check every element of a list.
 */
export type Spec<T> = [T] extends [string]
  ? 'string' | 'unknown'
  : [T] extends [number]
    ? 'number' | 'unknown'
    : [T] extends [boolean]
      ? 'boolean' | 'unknown'
      : [T] extends [readonly (infer E)[]]
        ? 'array' | 'unknown' | readonly [Spec<E>]
        : [T] extends [object]
          ? 'object' | 'unknown' | Shape<T>
          : [T] extends [string | null | undefined]
            ? 'string?' | 'unknown'
            : [T] extends [number | null | undefined]
              ? 'number?' | 'unknown'
              : [T] extends [boolean | null | undefined]
                ? 'boolean?' | 'unknown'
                : [T] extends [readonly unknown[] | null | undefined]
                  ? 'array?' | 'unknown'
                  : [T] extends [object | null | undefined]
                    ? 'object?' | 'unknown' | Nullable<NonNullable<T>>
                    : 'unknown';

/** The fields of T the client relies on (a union checks the fields its members share). */
export type Shape<T> = { readonly [K in keyof T]?: Spec<T[K]> };

type AnySpec = string | readonly [AnySpec] | Nullable<unknown> | { readonly [key: string]: AnySpec | undefined };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const leafTests: Record<Leaf, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  boolean: (v) => typeof v === 'boolean',
  array: Array.isArray,
  object: isRecord,
  unknown: () => true,
};

const describeValue = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : v === undefined ? 'nothing' : typeof v);
const at = (path: string) => path || 'the answer';

/** The first way `value` misses `spec`, or null when it fits; `path` prefixes the problem's path. */
export function shapeProblem<T>(value: unknown, spec: Spec<T>, path = ''): string | null {
  return problemAt(value, spec as AnySpec, path);
}

/** True when `value` fits `spec` (and so can be used as a T, as far as the client reads it). */
export function fits<T>(value: unknown, spec: Spec<T>): value is T {
  return problemAt(value, spec as AnySpec, '') === null;
}

function problemAt(value: unknown, spec: AnySpec, path: string): string | null {
  if (typeof spec === 'string') {
    const optional = spec.endsWith('?');
    if (optional && (value === null || value === undefined)) return null;
    const leaf = (optional ? spec.slice(0, -1) : spec) as Leaf;
    return leafTests[leaf](value) ? null : `${at(path)}: expected ${leaf}${optional ? ' or null' : ''}, got ${describeValue(value)}`;
  }
  if (Array.isArray(spec)) {
    if (!Array.isArray(value)) return `${at(path)}: expected an array, got ${describeValue(value)}`;
    for (let i = 0; i < value.length; i++) {
      const problem = problemAt(value[i], spec[0] as AnySpec, `${path}[${i}]`);
      if (problem) return problem;
    }
    return null;
  }
  if (NULLABLE in spec) return value === null ? null : problemAt(value, spec[NULLABLE] as AnySpec, path);
  if (!isRecord(value)) return `${at(path)}: expected an object, got ${describeValue(value)}`;
  for (const [key, sub] of Object.entries(spec)) {
    const problem = sub === undefined ? null : problemAt(value[key], sub, path ? `${path}.${key}` : key);
    if (problem) return problem;
  }
  return null;
}

/** Thrown when the server's answer misses its shape; `request` turns it into a clear AppError. */
export class ShapeError extends Error {
  constructor(readonly problem: string) {
    super(problem);
    this.name = 'ShapeError';
  }
}

/** Turns the server's JSON into T, or throws. */
export type Reader<T> = (json: unknown) => T;

/** Reads a value that must fit `spec` as a whole. */
export function shaped<T>(spec: Spec<T>): Reader<T> {
  return (json) => {
    const problem = problemAt(json, spec as AnySpec, '');
    if (problem) throw new ShapeError(problem);
    return json as T;
  };
}

/** A row the client could not read, left out of its list. */
export interface SkippedRow {
  index: number;
  /** The row's key (`id`, `waId`) when it has a readable one. */
  key: string | null;
  problem: string;
}

export interface Rows<T> {
  rows: T[];
  skipped: SkippedRow[];
}

function keyOf(row: unknown): string | null {
  if (!isRecord(row)) return null;
  const key = row.id ?? row.waId;
  return typeof key === 'string' || typeof key === 'number' ? String(key) : null;
}

/** Reads a list row by row: one row the client cannot read is skipped (and returned as such), never the whole list. */
export function rowsOf<T>(row: Shape<T>): Reader<Rows<T>> {
  return (json) => {
    if (!Array.isArray(json)) throw new ShapeError(`the answer: expected an array, got ${describeValue(json)}`);
    const out: Rows<T> = { rows: [], skipped: [] };
    json.forEach((value: unknown, index) => {
      const problem = problemAt(value, row as AnySpec, `[${index}]`);
      if (problem) out.skipped.push({ index, key: keyOf(value), problem });
      else out.rows.push(value as T);
    });
    return out;
  };
}
