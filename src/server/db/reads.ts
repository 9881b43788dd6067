/**
 * Independent reads run together on the pool, and one after another inside a transaction: a
 * transaction holds one connection, which would only queue them (node-postgres warns, and its next
 * major refuses concurrent queries on one client).
 */
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Db } from './open-db.ts';

type Thunks<T extends readonly unknown[]> = { [K in keyof T]: () => Promise<T[K]> };

export async function reads<T extends readonly unknown[]>(db: Db, ...thunks: Thunks<T>): Promise<T> {
  if (!(db instanceof PgTransaction)) return Promise.all(thunks.map((t) => t())) as unknown as Promise<T>;
  const out: unknown[] = [];
  for (const t of thunks) out.push(await t());
  return out as unknown as T;
}
