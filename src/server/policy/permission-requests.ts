/**
 * Asking a customer for permission to call (reference §4.2–§4.3): refused up front when the
 * decision refuses (asking WhatsApp first when only our estimate stands in the way), free-form
 * inside the customer-service window, the configured template outside. A Graph refusal becomes a
 * WhatsApp fact about the pair at once.
 */
import { and, eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors.ts';
import type { OutboundMessage } from '../../shared/meta-api.ts';
import type { RequestVia } from '../../shared/policy/ledger.ts';
import { whatsAppCouldAllow } from '../../shared/policy/meta-verdict.ts';
import type { Db } from '../db/open-db.ts';
import { ledgerEntries } from '../db/schema.ts';
import type { PermissionTemplate, ServerContext } from '../context.ts';
import { addressee, GraphError } from '../graph/graph-client.ts';
import { askWhatsApp, estimateNote, type WhatsAppLookup } from './ask-whatsapp.ts';
import { appendLedger } from './ledger-repo.ts';
import { recordMetaRefusal } from './meta-facts-repo.ts';
import { pairDecision } from './pair-decision.ts';
import type { BusinessNumberRow } from './pair-estimate.ts';
import { lockPair, refusalError } from './pair-guard.ts';

/** Used when WHATSAPP_PERMISSION_TEMPLATE is not set: the name Meta's examples use, in English. */
export const defaultPermissionTemplate: PermissionTemplate = { name: 'call_permission_request', language: 'en' };

function message(to: string, via: RequestVia, body: string | undefined, template: PermissionTemplate): OutboundMessage {
  const base = { messaging_product: 'whatsapp', recipient_type: 'individual', ...addressee(to) } as const;
  return via === 'free_form'
    ? { ...base, type: 'interactive', interactive: { type: 'call_permission_request', action: { name: 'call_permission_request' }, body: body ? { text: body } : undefined } }
    : { ...base, type: 'template', template: { name: template.name, language: { code: template.language } } };
}

/** Decides under the pair's lock and writes a provisional request entry, so racing agents cannot both send one. */
async function reserveRequest(ctx: ServerContext, number: BusinessNumberRow, waId: string, provisionalId: string, lookup: WhatsAppLookup | null): Promise<RequestVia> {
  const now = ctx.now();
  return ctx.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await lockPair(tx, number.id, waId);
    const { eligibility } = await pairDecision(tx, ctx.policy, number, waId, now);
    const refusal = eligibility.request.refusals[0];
    if (!eligibility.request.allowed && refusal) throw refusalError(refusal, estimateNote(lookup));
    await appendLedger(tx, number.id, waId, { type: 'permission_requested', id: provisionalId, at: now.getTime(), via: eligibility.request.via });
    return eligibility.request.via;
  });
}

export async function requestPermission(ctx: ServerContext, number: BusinessNumberRow, contact: { waId: string }, body?: string): Promise<RequestVia> {
  const { waId } = contact;
  const before = await pairDecision(ctx.db, ctx.policy, number, waId, ctx.now());
  const lookup = !before.eligibility.request.allowed && whatsAppCouldAllow(before.eligibility.request.refusals, 'request') ? await askWhatsApp(ctx, number, waId) : null;
  const provisionalId = `pending.${randomUUID()}`;
  const via = await reserveRequest(ctx, number, waId, provisionalId, lookup);
  const provisional = and(eq(ledgerEntries.businessNumberId, number.id), eq(ledgerEntries.waId, waId), eq(ledgerEntries.entryId, provisionalId));
  let wamid: string;
  try {
    wamid = await ctx.graph.sendMessage(number.id, message(waId, via, body, ctx.permissionTemplate ?? defaultPermissionTemplate));
  } catch (err) {
    await ctx.db.delete(ledgerEntries).where(provisional);
    if (!(err instanceof GraphError)) throw err;
    const recorded = await recordMetaRefusal(ctx.db, { businessNumberId: number.id, waId, action: 'request', code: err.code, message: err.metaMessage, at: ctx.now() });
    if (recorded) await ctx.bus.publish({ kind: 'all' }, { type: 'contact.updated', waId, businessNumberId: number.id });
    throw new AppError({ code: 'meta_error', message: err.message, metaCode: err.code, details: err.details });
  }
  const [row] = await ctx.db.select().from(ledgerEntries).where(provisional);
  if (row) await ctx.db.update(ledgerEntries).set({ entryId: wamid, entry: { ...(row.entry as object), id: wamid } }).where(provisional);
  await ctx.bus.publish({ kind: 'all' }, { type: 'contact.updated', waId, businessNumberId: number.id });
  return via;
}
