/**
 * `messages` webhooks: a customer's `call_permission_reply` (reference §4.4) — a grant, a decline,
 * WhatsApp's automatic revoke after the unanswered streak, or the automatic callback grant — goes
 * into the pair's ledger. Other messages are kept, not acted on.
 */
import type { CallPermissionReply } from '../../shared/meta-api.ts';
import { replyOrigin } from '../../shared/policy/ledger.ts';
import type { ServerContext } from '../context.ts';
import type { Db } from '../db/open-db.ts';
import type { Publish } from '../events/event-bus.ts';
import { appendLedger } from '../policy/ledger-repo.ts';
import { resolveCustomer } from '../calls/customers.ts';
import type { StoredEvent } from './elements.ts';

type MessageEvent = Extract<StoredEvent, { type: 'message' }>;

/** Request, profile or callback (shared/policy/ledger.ts `replyOrigin`); nothing for rejects. */
function originOf(reply: CallPermissionReply, contextId: string | null) {
  const origin = replyOrigin({ response: reply.response, source: reply.response_source, contextId });
  return origin ? { origin } : {};
}

export async function applyMessageEvent(tx: Db, ctx: ServerContext, e: MessageEvent, occurredAt: Date, publish: Publish): Promise<boolean> {
  const reply = e.message.interactive?.call_permission_reply;
  if (!reply) {
    ctx.log.info({ messageId: e.message.id }, 'Kept an inbound message we do not act on');
    return true;
  }
  const waId = await resolveCustomer(tx, e.customer);
  const added = await appendLedger(tx, e.phoneNumberId, waId, {
    type: 'permission_replied', id: e.message.id, at: occurredAt.getTime(), response: reply.response,
    permanent: reply.is_permanent ?? false, source: reply.response_source,
    ...originOf(reply, e.message.context?.id ?? null),
    ...(reply.expiration_timestamp ? { expiresAt: reply.expiration_timestamp * 1000 } : {}),
  });
  if (added) publish({ kind: 'all' }, { type: 'contact.updated', waId, businessNumberId: e.phoneNumberId });
  return true;
}
