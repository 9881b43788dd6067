/**
 * What WhatsApp currently says about a business number: the warnings and restrictions in force and
 * its calling settings. The policy reads `restrictions` and `callingEnabled` (138014, 138000); the
 * business numbers API shows `notices` and `settings` to agents.
 */
import { eq } from 'drizzle-orm';
import type { NumberCallingSettings, NumberNotice } from '../../shared/number-notices.ts';
import { DAY_MS } from '../../shared/policy/durations.ts';
import type { PolicyProfile } from '../../shared/policy/profiles.ts';
import type { Db } from '../db/open-db.ts';
import { numberNotices, numberSettings } from '../db/schema.ts';
import { reads } from '../db/reads.ts';

/** Meta sends no "resolved" event for a warning: it stays in view for a month after WhatsApp's latest word on it. */
export const warningShownMs = 30 * DAY_MS;

export interface NumberStanding {
  notices: NumberNotice[];
  settings: NumberCallingSettings | null;
  /** For `evaluatePair`: the restrictions, expired ones included (it ignores them). */
  restrictions: Array<{ type: string; until: number | null }>;
  /** False only when WhatsApp reported calling disabled in the number's settings. */
  callingEnabled: boolean;
}

const pick = <T extends string>(value: unknown, map: Record<string, T>): T | null => (typeof value === 'string' ? map[value.toUpperCase()] ?? null : null);

function settingsView(calling: Record<string, unknown>, at: Date): NumberCallingSettings {
  return {
    calling: pick(calling.status, { ENABLED: 'enabled', DISABLED: 'disabled' }),
    callIcon: pick(calling.call_icon_visibility, { DEFAULT: 'shown', DISABLE_ALL: 'hidden', HIDE_IN_CHAT: 'hidden' }),
    callbackPermission: pick(calling.callback_permission_status, { ENABLED: 'enabled', DISABLED: 'disabled' }),
    updatedAt: at.toISOString(),
  };
}

export async function numberStanding(db: Db, profile: PolicyProfile, businessNumberId: string, now: Date): Promise<NumberStanding> {
  const [rows, [settingsRow]] = await reads(db,
    () => db.select().from(numberNotices).where(eq(numberNotices.businessNumberId, businessNumberId)),
    () => db.select().from(numberSettings).where(eq(numberSettings.businessNumberId, businessNumberId)),
  );
  const t = now.getTime();
  const inForce = rows.filter((r) => (r.kind === 'restriction' ? r.until === null || r.until.getTime() > t : t - r.at.getTime() < warningShownMs));
  const notices = inForce
    .map((r): NumberNotice => ({
      kind: r.kind, type: r.type, since: r.at.toISOString(), until: r.until?.toISOString() ?? null,
      pausesBusinessCalls: r.kind === 'restriction' && profile.restrictionsPausingBusinessCalls.includes(r.type),
    }))
    // Restrictions before warnings; then the most recent first.
    .sort((a, b) => (a.kind === b.kind ? b.since.localeCompare(a.since) : a.kind === 'restriction' ? -1 : 1));
  const settings = settingsRow ? settingsView(settingsRow.calling as Record<string, unknown>, settingsRow.at) : null;
  return {
    notices,
    settings,
    restrictions: rows.filter((r) => r.kind === 'restriction').map((r) => ({ type: r.type, until: r.until?.getTime() ?? null })),
    callingEnabled: settings?.calling !== 'disabled',
  };
}
