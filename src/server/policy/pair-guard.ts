/**
 * Decisions that spend a pair's budget (a call, a permission request) are taken under a
 * transaction-scoped advisory lock on the pair, so two agents — or many racing dials — cannot both
 * take the last one. The reservation is written before the lock is released; Meta is called after.
 */
import { sql } from 'drizzle-orm';
import { AppError } from '../../shared/errors.ts';
import { describeRefusal } from '../../shared/policy/describe.ts';
import type { Refusal } from '../../shared/policy/eligibility.ts';
import type { Db } from '../db/open-db.ts';

export async function lockPair(tx: Db, businessNumberId: string, waId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`${businessNumberId}:${waId}`}))`);
}

/** The server does not know the agent's time zone; the client re-describes with local times. */
const utcTime = (ms: number) => `${new Date(ms).toISOString().slice(11, 16)} UTC`;

/** The refusal an agent reads; `note` says when it rests on our estimate because WhatsApp gave no usable answer. */
export function refusalError(refusal: Refusal, note: string | null = null): AppError {
  const message = describeRefusal(refusal, utcTime);
  return new AppError({ code: 'policy_refused', message: note ? `${message} ${note}` : message, metaCode: refusal.code ?? undefined, details: refusal.reason });
}
