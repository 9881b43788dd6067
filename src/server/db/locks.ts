/**
 * Transaction-scoped advisory locks by name: everything that changes one call (webhook events, an
 * agent's action, the liveness rule) runs under `call:<id>`, so two instances, or two deliveries
 * racing on one instance, apply one after the other. PGlite has one connection and grants them at once.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './open-db.ts';

export async function lockSubject(tx: Db, subject: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${subject}, 0))`);
}

export const callSubject = (callId: string) => `call:${callId}`;
export const pairSubject = (businessNumberId: string, customer: string) => `pair:${businessNumberId}:${customer}`;
export const numberSubject = (businessNumberId: string) => `number:${businessNumberId}`;
/** Who an inbound call rings is decided one call at a time (taken after the call's own lock). */
export const routingSubject = 'routing';
