/**
 * Per-pair history (business number + WhatsApp user) as an append-only ledger of the shared
 * policy's `LedgerEntry` facts (`src/shared/policy/ledger.ts`): `id` = the wamid/wacid the fact
 * came from, `at` = epoch ms of the simulator clock. Nothing is ever edited or removed; expiry is
 * derived from time (Meta sends no webhook when a temporary permission expires, reference §4.4).
 */
import type { LedgerEntry } from '../shared/policy/ledger.ts';

/** All pairs' ledgers, keyed by phone_number_id and wa_id. */
export class Ledgers {
  private readonly byPair = new Map<string, LedgerEntry[]>();

  /** `changed` is told about every append (the state file's writer). */
  constructor(private readonly changed: () => void = () => {}) {}

  /** Appends a fact to the pair's ledger. */
  append(phoneNumberId: string, waId: string, entry: LedgerEntry): void {
    const key = pairKey(phoneNumberId, waId);
    const list = this.byPair.get(key);
    if (list) list.push(entry);
    else this.byPair.set(key, [entry]);
    this.changed();
  }

  /** The pair's ledger in append order (a read-only view). */
  entries(phoneNumberId: string, waId: string): readonly LedgerEntry[] {
    return this.byPair.get(pairKey(phoneNumberId, waId)) ?? [];
  }

  /** Every pair's ledger, for the state file. */
  *pairs(): Generator<{ phoneNumberId: string; waId: string; entries: readonly LedgerEntry[] }> {
    for (const [key, entries] of this.byPair) {
      const [phoneNumberId = '', waId = ''] = key.split(':');
      yield { phoneNumberId, waId, entries };
    }
  }

  clear(): void {
    this.byPair.clear();
  }
}

function pairKey(phoneNumberId: string, waId: string): string {
  return `${phoneNumberId}:${waId}`;
}
