/**
 * WhatsApp's word on a business number, from its `account_update` and `account_settings_update`
 * webhooks: warnings, restrictions and calling settings, kept per number. The webhook pipeline
 * calls `recordAccountUpdate` / `recordSettingsUpdate` inside its transaction; both are idempotent
 * (a repeated delivery changes nothing) and answer which numbers changed, for the push event.
 */
import { eq, sql } from 'drizzle-orm';
import { accountSettingsUpdateValueSchema, accountUpdateValueSchema } from '../../shared/meta-api.ts';
import type { Db } from '../db/open-db.ts';
import { businessNumbers, numberNotices, numberSettings } from '../db/schema.ts';

export interface AccountUpdateInput {
  /** The WABA the entry came from, when known (logs only: we serve the numbers of one account). */
  wabaId?: string;
  /** The number the update names (display digits), when the value or the caller knows it. */
  phoneNumber?: string;
  phoneNumberId?: string;
  value: unknown;
  /** When the update arrived. */
  at: Date;
}

export type RecordResult = { numbers: string[]; ignored: string | null };

/**
 * `expiration` is Unix seconds (string or number) in some of Meta's samples and an ISO time in
 * others (`2026-04-19T13:59:20+0000`). Null when absent or unreadable.
 */
export function parseExpiration(value: string | number | undefined): Date | null {
  if (value === undefined || value === '') return null;
  if (typeof value === 'number' || /^\d+$/.test(value.trim())) {
    const n = Number(value);
    // Seconds in Meta's samples; a 13-digit value is already milliseconds.
    return new Date(n < 1e12 ? n * 1000 : n);
  }
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** The numbers an update is about: the one it names, or every number we serve when it names none (WABA-wide). */
async function numbersNamed(db: Db, input: { phoneNumber?: string; phoneNumberId?: string }): Promise<string[]> {
  if (input.phoneNumberId) return (await db.select({ id: businessNumbers.id }).from(businessNumbers).where(eq(businessNumbers.id, input.phoneNumberId))).map((r) => r.id);
  const rows = await db.select({ id: businessNumbers.id, display: businessNumbers.displayNumber }).from(businessNumbers);
  if (!input.phoneNumber) return rows.map((r) => r.id);
  const digits = input.phoneNumber.replace(/\D/g, '');
  return rows.filter((r) => r.display === digits).map((r) => r.id);
}

export async function recordAccountUpdate(db: Db, input: AccountUpdateInput): Promise<RecordResult> {
  const parsed = accountUpdateValueSchema.safeParse(input.value);
  if (!parsed.success) return { numbers: [], ignored: 'not an account_update value' };
  const value = parsed.data;
  const notices = value.event === 'ACCOUNT_VIOLATION' && value.violation_info
    ? [{ kind: 'warning' as const, type: value.violation_info.violation_type, until: null }]
    : value.event === 'ACCOUNT_RESTRICTION'
      ? (value.restriction_info ?? []).map((r) => ({ kind: 'restriction' as const, type: r.restriction_type, until: parseExpiration(r.expiration) }))
      : [];
  if (notices.length === 0) return { numbers: [], ignored: `account_update ${value.event} carries nothing about calling` };
  const numbers = await numbersNamed(db, { phoneNumber: value.phone_number ?? input.phoneNumber, phoneNumberId: input.phoneNumberId });
  if (numbers.length === 0) return { numbers: [], ignored: `no business number ${value.phone_number ?? input.phoneNumber ?? ''} here` };
  for (const businessNumberId of numbers) {
    await db.insert(numberNotices).values(notices.map((n) => ({ ...n, businessNumberId, at: input.at })))
      .onConflictDoUpdate({
        target: [numberNotices.businessNumberId, numberNotices.kind, numberNotices.type],
        // A repeat keeps the date we first heard of it; a new end date counts as news.
        set: { until: sql`excluded.until`, at: sql`case when ${numberNotices.until} is distinct from excluded.until then excluded.at else ${numberNotices.at} end` },
      });
  }
  return { numbers, ignored: null };
}

export interface SettingsUpdateInput {
  phoneNumberId?: string;
  value: unknown;
  at: Date;
}

/** Keeps the number's calling settings; a later delivery of an older change does not undo a newer one. */
export async function recordSettingsUpdate(db: Db, input: SettingsUpdateInput): Promise<RecordResult> {
  const parsed = accountSettingsUpdateValueSchema.safeParse(input.value);
  if (!parsed.success) return { numbers: [], ignored: 'not an account_settings_update value' };
  const settings = parsed.data.phone_number_settings;
  const calling = settings.calling;
  if (!calling) return { numbers: [], ignored: 'account_settings_update without calling settings' };
  const numbers = await numbersNamed(db, { phoneNumberId: input.phoneNumberId ?? settings.phone_number_id });
  const at = parsed.data.timestamp === undefined ? input.at : new Date(parsed.data.timestamp * 1000);
  for (const businessNumberId of numbers) {
    await db.insert(numberSettings).values({ businessNumberId, calling, at })
      .onConflictDoUpdate({
        target: numberSettings.businessNumberId,
        // Meta may send only the fields that changed: merge them into what we know.
        set: { calling: sql`${numberSettings.calling} || excluded.calling`, at: sql`excluded.at` },
        setWhere: sql`${numberSettings.at} <= excluded.at`,
      });
  }
  return { numbers, ignored: numbers.length === 0 ? `no business number ${settings.phone_number_id} here` : null };
}
