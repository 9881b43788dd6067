/**
 * The webhook pipeline's entry for WhatsApp's word on a business number: an `account_update`
 * (warnings, restrictions) or `account_settings_update` (calling settings) change is recorded and
 * agents are told the number changed. Other fields are not ours: false, the caller keeps them.
 */
import type { AgentEvent } from '../../shared/agent-api.ts';
import type { Db } from '../db/open-db.ts';
import type { Audience } from '../events/event-bus.ts';
import type { ServerContext } from '../context.ts';
import { recordAccountUpdate, recordSettingsUpdate, type RecordResult } from './account-updates.ts';

export interface AccountChange {
  field: string;
  value: unknown;
  /** The WABA the entry came from, when the pipeline kept it. */
  wabaId?: string;
  /** When the change arrived. */
  at: Date;
}

export async function applyAccountChange(db: Db, ctx: ServerContext, change: AccountChange, publish: (to: Audience, event: AgentEvent) => void): Promise<boolean> {
  let result: RecordResult;
  if (change.field === 'account_update') result = await recordAccountUpdate(db, { wabaId: change.wabaId, value: change.value, at: change.at });
  else if (change.field === 'account_settings_update') result = await recordSettingsUpdate(db, { value: change.value, at: change.at });
  else return false;
  if (result.ignored) ctx.log.info({ field: change.field, reason: result.ignored }, 'Kept an account change that needs nothing from us');
  for (const businessNumberId of result.numbers) publish({ kind: 'all' }, { type: 'business-number.updated', businessNumberId });
  return true;
}
