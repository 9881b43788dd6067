/**
 * The ledger of one business number + WhatsApp user pair: the facts Meta's policy depends on.
 * The simulator appends to it as Meta; the server appends from webhooks and its own Graph calls.
 * Every entry carries a unique `id` (the wamid or wacid it came from) and `at` (epoch ms), so a
 * replayed or reordered webhook is recognised and the ledger's meaning never depends on order.
 *
 * Nothing is recorded for expiry: Meta sends no webhook when a temporary permission expires
 * (reference §4.4); expiry is derived from time.
 */
import { z } from 'zod';

const entryBase = {
  /** Unique per fact: the message id (wamid) or call id (wacid) it was derived from. */
  id: z.string().min(1),
  /** When it happened, epoch ms (Meta's webhook `timestamp` is seconds: multiply by 1000). */
  at: z.number().int().nonnegative(),
};

/** Free-form interactive request (inside the customer-service window) or template (outside). */
export const requestViaSchema = z.enum(['free_form', 'template']);
/** How a permission request is sent (reference §4.2, §4.3). */
export type RequestVia = z.infer<typeof requestViaSchema>;

/** The business sent a call permission request (either kind; both count against the same limits). */
export const permissionRequestedSchema = z.object({
  type: z.literal('permission_requested'),
  ...entryBase,
  via: requestViaSchema,
});

/**
 * Where an accept came from (reference §4.1, §4.4): the customer answered one of our requests
 * (`context.id` names it), granted from our business profile (no `context`), or called us and
 * WhatsApp granted a temporary callback permission (`response_source: automatic`, `context.id` the
 * call's wacid).
 */
export const permissionOriginSchema = z.enum(['request', 'profile', 'callback']);
/** Where an accept came from. */
export type PermissionOrigin = z.infer<typeof permissionOriginSchema>;

/**
 * The origin of a `call_permission_reply`, from its `response_source` and whether it carried a
 * `context` (Meta's ids are informative only, reference §4.4). Rejects have none: a decline, or
 * WhatsApp's revoke after the unanswered streak.
 */
export function replyOrigin(reply: { response: 'accept' | 'reject'; source: 'user_action' | 'automatic'; contextId: string | null }): PermissionOrigin | undefined {
  if (reply.response === 'reject') return undefined;
  if (reply.source === 'automatic') return 'callback';
  return reply.contextId === null ? 'profile' : 'request';
}

/**
 * A `call_permission_reply` (reference §4.4). `source: 'automatic'` with `accept` is a callback
 * permission granted by a user's call; with `reject` it is the revoke after the unanswered streak.
 */
export const permissionRepliedSchema = z.object({
  type: z.literal('permission_replied'),
  ...entryBase,
  response: z.enum(['accept', 'reject']),
  /** Meta's `is_permanent`; false for temporary accepts and for every reject. */
  permanent: z.boolean(),
  /** Meta's `expiration_timestamp` in epoch ms, when the reply carried one (temporary accepts). */
  expiresAt: z.number().int().optional(),
  source: z.enum(['user_action', 'automatic']),
  /** Where an accept came from (`replyOrigin`); absent on rejects and on entries recorded before it existed. */
  origin: permissionOriginSchema.optional(),
});

/** A call that was picked up (business-initiated: the user answered; user-initiated: we accepted). */
export const callConnectedSchema = z.object({
  type: z.literal('call_connected'),
  ...entryBase,
  direction: z.enum(['business_initiated', 'user_initiated']),
});

/** A business-initiated call the user did not pick up, or rejected. */
export const callUnansweredSchema = z.object({
  type: z.literal('call_unanswered'),
  ...entryBase,
});

/** One fact of a pair's history. */
export const ledgerEntrySchema = z.discriminatedUnion('type', [
  permissionRequestedSchema,
  permissionRepliedSchema,
  callConnectedSchema,
  callUnansweredSchema,
]);
/** One fact of a pair's history. */
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;
/** A `permission_requested` entry. */
export type PermissionRequested = z.infer<typeof permissionRequestedSchema>;
/** A `permission_replied` entry. */
export type PermissionReplied = z.infer<typeof permissionRepliedSchema>;
/** A `call_connected` entry. */
export type CallConnected = z.infer<typeof callConnectedSchema>;
/** A `call_unanswered` entry. */
export type CallUnanswered = z.infer<typeof callUnansweredSchema>;

/** A pair's whole ledger, in any order, possibly with duplicates. */
export const ledgerSchema = z.array(ledgerEntrySchema);

// When one id was recorded as two different facts, the lower rank wins. The real case is a call
// whose terminate (→ unanswered) overtook its late ACCEPTED status (→ connected): it was answered.
const typeRank: Record<LedgerEntry['type'], number> = {
  call_connected: 0,
  call_unanswered: 1,
  permission_replied: 2,
  permission_requested: 3,
};

/** Content key with sorted field names, so equal facts compare equal whatever their key order. */
function canonical(entry: LedgerEntry): string {
  return JSON.stringify(entry, Object.keys(entry).sort());
}

function compareEntries(a: LedgerEntry, b: LedgerEntry): number {
  return a.at - b.at || typeRank[a.type] - typeRank[b.type] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** For duplicates of one id: the connected record first, then the earliest, then by content. */
function preferred(a: LedgerEntry, b: LedgerEntry): LedgerEntry {
  const byRank = typeRank[a.type] - typeRank[b.type] || a.at - b.at;
  if (byRank !== 0) return byRank < 0 ? a : b;
  return canonical(a) <= canonical(b) ? a : b;
}

/**
 * The ledger as of `now`: one entry per `id`, sorted by time (ties by kind, then id), without
 * entries after `now`. The result is the same for any order of the input and any number of
 * replays, which is what makes duplicate and reordered webhooks harmless.
 */
export function normalizeLedger(entries: readonly LedgerEntry[], now: number = Number.POSITIVE_INFINITY): LedgerEntry[] {
  const byId = new Map<string, LedgerEntry>();
  for (const entry of entries) {
    const seen = byId.get(entry.id);
    byId.set(entry.id, seen ? preferred(seen, entry) : entry);
  }
  return [...byId.values()].filter((entry) => entry.at <= now).sort(compareEntries);
}
