/**
 * Per-pair history (business number + WhatsApp user) as an append-only ledger: the facts Meta's
 * permission and limit rules depend on. Nothing is ever edited or removed; expiry is derived from
 * time (Meta sends no webhook when a temporary permission expires, reference §4.4).
 *
 * The entry shape is deliberately the same as `LedgerEntry` in `src/shared/policy/ledger.ts`
 * (`type`, `id` = the wamid/wacid the fact came from, `at` = epoch ms of the simulator clock), so
 * swapping `permission-check.ts` for the shared policy module is a change of imports.
 */

interface EntryBase {
  /** The wamid or wacid the fact came from. */
  id: string;
  /** Simulator clock, epoch ms. */
  at: number;
}

/** The business sent a permission request (interactive free-form or template). */
export interface PermissionRequested extends EntryBase {
  type: 'permission_requested';
  via: 'free_form' | 'template';
}

/** A `call_permission_reply` (reference §4.4); `id` is the reply message's wamid. */
export interface PermissionReplied extends EntryBase {
  type: 'permission_replied';
  response: 'accept' | 'reject';
  /** Meta's `is_permanent`; false for temporary accepts and for rejects. */
  permanent: boolean;
  /** Temporary accepts only: when the permission lapses, epoch ms. */
  expiresAt?: number;
  source: 'user_action' | 'automatic';
}

/** A picked-up call; `id` is the wacid. */
export interface CallConnected extends EntryBase {
  type: 'call_connected';
  direction: 'business_initiated' | 'user_initiated';
}

/** A business-initiated call the user declined or let ring out; `id` is the wacid. */
export interface CallUnanswered extends EntryBase {
  type: 'call_unanswered';
}

/** One fact of a pair's history. */
export type LedgerEntry = PermissionRequested | PermissionReplied | CallConnected | CallUnanswered;

/** All pairs' ledgers, keyed by phone_number_id and wa_id. */
export class Ledgers {
  private readonly byPair = new Map<string, LedgerEntry[]>();

  /** Appends a fact to the pair's ledger. */
  append(phoneNumberId: string, waId: string, entry: LedgerEntry): void {
    const key = pairKey(phoneNumberId, waId);
    const list = this.byPair.get(key);
    if (list) list.push(entry);
    else this.byPair.set(key, [entry]);
  }

  /** The pair's ledger in append order (a read-only view). */
  entries(phoneNumberId: string, waId: string): readonly LedgerEntry[] {
    return this.byPair.get(pairKey(phoneNumberId, waId)) ?? [];
  }

  clear(): void {
    this.byPair.clear();
  }
}

function pairKey(phoneNumberId: string, waId: string): string {
  return `${phoneNumberId}:${waId}`;
}
