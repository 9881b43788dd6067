/**
 * Asking a customer for permission to call (reference §4.2–§4.3): refused up front when the policy
 * says WhatsApp would refuse; free-form inside the customer-service window, the template outside.
 */
import { and, eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors.ts';
import type { OutboundMessage } from '../../shared/meta-api.ts';
import type { RequestVia } from '../../shared/policy/ledger.ts';
import type { Db } from '../db/open-db.ts';
import { ledgerEntries } from '../db/schema.ts';
import type { ServerContext } from '../context.ts';
import { GraphError } from '../graph/graph-client.ts';
import { pairEligibility, type BusinessNumberRow } from './contact-view.ts';
import { appendLedger } from './ledger-repo.ts';
import { lockPair, refusalError } from './pair-guard.ts';

/** The approved template carrying the call_permission_request component, used outside the window. */
export const permissionTemplateName = 'call_permission_request';

function message(to: string, via: RequestVia, body: string | undefined): OutboundMessage {
  return via === 'free_form'
    ? { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'interactive', interactive: { type: 'call_permission_request', action: { name: 'call_permission_request' }, body: body ? { text: body } : undefined } }
    : { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'template', template: { name: permissionTemplateName, language: { code: 'en' } } };
}

export async function requestPermission(ctx: ServerContext, number: BusinessNumberRow, contact: { waId: string }, body?: string): Promise<RequestVia> {
  const now = ctx.now();
  const provisionalId = `pending.${randomUUID()}`;
  const via = await ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await lockPair(tx, number.id, contact.waId);
    const { eligibility } = await pairEligibility(tx, ctx.policy, number, contact.waId, now);
    if (!eligibility.request.allowed && eligibility.request.refusals[0]) throw refusalError(eligibility.request.refusals[0]);
    await appendLedger(tx, number.id, contact.waId, { type: 'permission_requested', id: provisionalId, at: now.getTime(), via: eligibility.request.via });
    return eligibility.request.via;
  });
  const provisional = and(eq(ledgerEntries.businessNumberId, number.id), eq(ledgerEntries.waId, contact.waId), eq(ledgerEntries.entryId, provisionalId));
  let wamid: string;
  try {
    wamid = await ctx.graph.sendMessage(number.id, message(contact.waId, via, body));
  } catch (err) {
    await ctx.db.delete(ledgerEntries).where(provisional);
    if (err instanceof GraphError) throw new AppError({ code: 'meta_error', message: err.message, metaCode: err.code, details: err.details });
    throw err;
  }
  const [row] = await ctx.db.select().from(ledgerEntries).where(provisional);
  if (row) await ctx.db.update(ledgerEntries).set({ entryId: wamid, entry: { ...(row.entry as object), id: wamid } }).where(provisional);
  await ctx.bus.publish({ kind: 'all' }, { type: 'contact.updated', waId: contact.waId, businessNumberId: number.id });
  return via;
}
