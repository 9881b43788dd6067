/**
 * `messages` webhooks: a user's `call_permission_reply` (reference §4.4) updates the last known
 * permission. A reply older than what we hold never overwrites it (deliveries may be reordered).
 */
import { sql } from 'drizzle-orm';
import { formatWaId } from '../../shared/phone-number.ts';
import type { Db } from '../db/open-db.ts';
import { contacts, permissions } from '../db/schema.ts';
import type { ServerContext } from '../context.ts';
import type { StoredEvent } from './extract-events.ts';
import type { Publish } from './apply-event.ts';

type MessageEvent = Extract<StoredEvent, { type: 'message' }>;

/** Temporary permission lasts 7 days from approval when Meta does not say otherwise (reference §4). */
const temporaryLifetimeMs = 7 * 24 * 3600 * 1000;

export async function applyMessageEvent(db: Db, ctx: ServerContext, e: MessageEvent, occurredAt: Date, publish: Publish): Promise<boolean> {
  const reply = e.message.interactive?.call_permission_reply;
  if (!reply) {
    ctx.log.info({ messageId: e.message.id }, 'Kept an inbound message we do not act on');
    return false;
  }
  const waId = e.message.from;
  await db.insert(contacts).values({ waId, name: e.contactName ?? formatWaId(waId) }).onConflictDoNothing();
  const status = reply.response === 'accept'
    ? (reply.is_permanent ? 'permanent' as const : 'temporary' as const)
    : (reply.response_source === 'automatic' ? 'revoked' as const : 'declined' as const);
  const expiresAt = status === 'temporary'
    ? new Date(reply.expiration_timestamp ? reply.expiration_timestamp * 1000 : occurredAt.getTime() + temporaryLifetimeMs)
    : null;
  await db.insert(permissions).values({ businessNumberId: e.phoneNumberId, waId, status, expiresAt, updatedAt: occurredAt })
    .onConflictDoUpdate({
      target: [permissions.businessNumberId, permissions.waId],
      set: { status, expiresAt, updatedAt: occurredAt },
      setWhere: sql`${permissions.updatedAt} <= ${occurredAt}`,
    });
  publish({ kind: 'all' }, { type: 'contact.updated', waId, businessNumberId: e.phoneNumberId });
  return true;
}
