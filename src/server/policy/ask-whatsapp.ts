/**
 * Asks WhatsApp's `call_permissions` for a pair and keeps the answer, readable or not, as the
 * pair's latest fact. Used by "Check with WhatsApp" and whenever our estimate would refuse a dial
 * or a request for a reason WhatsApp's answer decides. A failed look-up (rate limit 613, Meta
 * unreachable) changes nothing: the caller falls back to the estimate and says so.
 */
import type { ServerContext } from '../context.ts';
import { GraphError } from '../graph/graph-client.ts';
import { readCallPermissions } from '../graph/call-permissions.ts';
import { keepAnswer } from './meta-facts-repo.ts';
import type { BusinessNumberRow } from './pair-estimate.ts';

export type WhatsAppLookup =
  | { answered: true; readable: true }
  | { answered: true; readable: false; problem: string }
  | { answered: false; error: GraphError };

export async function askWhatsApp(ctx: ServerContext, number: BusinessNumberRow, waId: string): Promise<WhatsAppLookup> {
  let body: unknown;
  try {
    body = await ctx.graph.callPermissions(number.id, waId);
  } catch (err) {
    if (!(err instanceof GraphError)) throw err;
    ctx.log.warn({ code: err.code, businessNumberId: number.id }, 'call_permissions look-up failed; deciding on our estimate');
    return { answered: false, error: err };
  }
  const fetchedAt = ctx.now();
  await keepAnswer(ctx.db, number.id, waId, fetchedAt, body);
  const reading = readCallPermissions(body, fetchedAt.getTime());
  if (reading.readable) return { answered: true, readable: true };
  ctx.log.warn({ businessNumberId: number.id, problem: reading.problem, body }, "Could not read WhatsApp's call_permissions answer; kept it raw");
  return { answered: true, readable: false, problem: reading.problem };
}

/** What an agent reads after a refusal that rests on our estimate because WhatsApp gave no usable answer. */
export function estimateNote(lookup: WhatsAppLookup | null): string | null {
  if (lookup === null || (lookup.answered && lookup.readable)) return null;
  if (lookup.answered) return "(Ringside's estimate: WhatsApp's answer could not be read.)";
  return `(Ringside's estimate: WhatsApp could not be asked just now: ${lookup.error.message})`;
}
