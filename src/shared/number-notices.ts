/**
 * WhatsApp's warnings and restrictions on a business number (`account_update`, reference §5) and
 * its calling settings (`account_settings_update`, §7), as agents see them: our names, one
 * sentence of meaning per type. The server fills them in; the client only renders. No zod here:
 * the browser imports this module (the schemas are in agent-api.ts).
 */

/** One warning (`ACCOUNT_VIOLATION`) or restriction (`ACCOUNT_RESTRICTION`) in force on a number. */
export interface NumberNotice {
  kind: 'warning' | 'restriction';
  /** WhatsApp's type, e.g. `USER_INITIATED_CALLS_LOW_PICKUP_RATE`, `RESTRICTED_BUSINESS_INITIATED_CALLING`. */
  type: string;
  /** When WhatsApp told us (ISO). */
  since: string;
  /** When a restriction ends (ISO); null when WhatsApp gave no end (and for warnings). */
  until: string | null;
  /** True when it stops business-initiated calls and permission requests (138014). */
  pausesBusinessCalls: boolean;
}

/** The number's calling settings as WhatsApp last reported them; a field is null when not reported. */
export interface NumberCallingSettings {
  calling: 'enabled' | 'disabled' | null;
  callIcon: 'shown' | 'hidden' | null;
  callbackPermission: 'enabled' | 'disabled' | null;
  updatedAt: string;
}

const known: Record<string, { title: string; meaning: string }> = {
  USER_INITIATED_CALLS_LOW_PICKUP_RATE: {
    title: 'Low pickup rate',
    meaning: 'Too many customer calls to this number go unanswered. If that continues, WhatsApp hides the call button.',
  },
  LOW_CALLING_QUALITY: {
    title: 'Low calling quality',
    meaning: 'Customers block or report calls from this number. If that continues, WhatsApp pauses calling for 7 days.',
  },
  LOW_BUSINESS_INITIATED_CALLING_QUALITY: {
    title: 'Low quality of business calls',
    meaning: 'Customers block or report calls from this number. If that continues, WhatsApp pauses business-initiated calls for 7 days.',
  },
  LOW_USER_INITIATED_CALLING_QUALITY: {
    title: 'Low quality of customer calls',
    meaning: 'Customers report poor experiences calling this number. If that continues, WhatsApp pauses customer calls for 7 days.',
  },
  RESTRICTED_USER_INITIATED_CALLING_CALL_BUTTON_HIDDEN: {
    title: 'Call button hidden',
    meaning: 'Customers no longer see a call button for this number; they can still call from their contacts or call log. Your calls are not affected.',
  },
  RESTRICTED_BUSINESS_INITIATED_CALLING: {
    title: 'Business calls paused',
    meaning: 'You cannot call customers or ask them for permission on this number. Customers can still call you.',
  },
  RESTRICTED_USER_INITIATED_CALLING: {
    title: 'Customer calls paused',
    meaning: 'Customers cannot call this number. Your calls are not affected.',
  },
  RESTRICTED_BIZ_INITIATED_AND_USER_INITIATED_CALLING: {
    title: 'Calling paused',
    meaning: 'Nobody can call on this number, and no permission requests can be sent.',
  },
};

/** A title and one sentence of meaning for a notice; unknown types keep WhatsApp's name. */
export function describeNotice(notice: Pick<NumberNotice, 'kind' | 'type'>): { title: string; meaning: string } {
  const found = known[notice.type];
  if (found) return found;
  const title = notice.type.toLowerCase().replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
  return { title, meaning: notice.kind === 'warning' ? 'WhatsApp warned about this number.' : 'WhatsApp restricted this number.' };
}
