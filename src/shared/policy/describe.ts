/**
 * Plain language for refusals. Every sentence says what is wrong and when it becomes possible:
 * a time (formatted by the caller, in the agent's zone and style) or the action it waits for.
 */
import { agentMessageFor } from '../meta-errors.ts';
import { DAY_MS, HOUR_MS, WEEK_MS } from './durations.ts';
import type { Refusal } from './eligibility.ts';

/** Formats an epoch-ms instant for the agent, e.g. `ms => new Date(ms).toLocaleTimeString()`. */
export type FormatTime = (epochMs: number) => string;

/** "24 hours", "7 days", "90 minutes". */
export function formatSpan(ms: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (ms % DAY_MS === 0 && ms > DAY_MS) return plural(ms / DAY_MS, 'day');
  if (ms % HOUR_MS === 0) return plural(ms / HOUR_MS, 'hour');
  return plural(Math.round(ms / 60_000), 'minute');
}

/** "United States (+1)": the calling code comes with the refusal, so this module needs no numbering plans. */
function countryName(country: string, callingCode: string): string {
  let name = country;
  try {
    name = new Intl.DisplayNames(['en'], { type: 'region' }).of(country) ?? country;
  } catch {
    // Unknown region or no Intl data: the ISO code is still readable.
  }
  return `${name} (+${callingCode})`;
}

function windowAdjective(windowMs: number): string {
  return windowMs === DAY_MS ? 'Daily' : windowMs === WEEK_MS ? 'Weekly' : 'Rolling';
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

const grantAgain = 'Calling becomes possible only when the customer grants permission again.';
const askAgain = 'Check with WhatsApp to ask again.';

type WhatsAppRefusal = Extract<Refusal, { reason: 'whatsapp_refused' }>;

/** What lifts a refusal WhatsApp gave without a time: the fact that supersedes it (meta-facts.ts). */
/**
 * A past instant in a sentence: "at 14:32" today, but "yesterday 14:32" and "Nov 27, 14:32" stand
 * without "at" (never "expired at yesterday 14:32").
 */
const past = (formatted: string) => (/^\d/.test(formatted) ? `at ${formatted}` : formatted);

function whatsappLift(refusal: WhatsAppRefusal, formatTime: FormatTime): string {
  if (refusal.until !== null) return `It becomes possible at ${formatTime(refusal.until)} at the latest. ${askAgain}`;
  switch (refusal.code) {
    case 138013:
      return `It becomes possible only once Meta lifts that restriction. ${askAgain}`;
    case 138017:
      return 'A new request becomes possible only if the customer withdraws that permission.';
    default:
      return `It becomes possible once the customer grants permission or a call with them connects. ${askAgain}`;
  }
}

function describeWhatsAppRefusal(refusal: WhatsAppRefusal, formatTime: FormatTime): string {
  const lead = refusal.via === 'graph_error' ? `WhatsApp refused at ${formatTime(refusal.at)}:` : `WhatsApp's answer at ${formatTime(refusal.at)}:`;
  const what = refusal.code === null ? 'not possible now, without a reason given.' : agentMessageFor(refusal.code, 'not possible now.');
  return `${lead} ${what} ${whatsappLift(refusal, formatTime)}`;
}

/**
 * The sentence an agent reads for a refusal, naming when the action becomes possible, e.g.
 * "Daily limit reached: 10 of 10 connected calls in the last 24 hours. The next call is possible at 14:32."
 */
export function describeRefusal(refusal: Refusal, formatTime: FormatTime): string {
  switch (refusal.reason) {
    case 'calling_disabled':
      return 'Calling is not enabled on this business number. It becomes possible once an admin turns calling on in the number\'s call settings.';
    case 'country_unavailable':
      return `WhatsApp does not offer business-initiated calls from business numbers in ${countryName(refusal.country, refusal.callingCode)}. `
        + 'This number can call only once Meta lifts that restriction; the customer can still call you.';
    case 'calling_restricted':
      return refusal.until === null
        ? 'WhatsApp has paused business-initiated calls and permission requests on this number. They become possible once Meta lifts the restriction.'
        : `WhatsApp has paused business-initiated calls and permission requests on this number. They become possible at ${formatTime(refusal.until)}, when the restriction ends.`;
    case 'no_permission':
      return 'The customer has not allowed calls from this business. Calling becomes possible once the customer accepts a call permission request.';
    case 'permission_declined':
      return `The customer declined calls from this business ${past(formatTime(refusal.declinedAt))}. ${grantAgain}`;
    case 'permission_expired':
      return `The customer's temporary permission expired ${past(formatTime(refusal.expiredAt))}. ${grantAgain}`;
    case 'permission_revoked':
      return refusal.unansweredCalls === null
        ? `The customer's permission was revoked ${past(formatTime(refusal.revokedAt))}. ${grantAgain}`
        : `WhatsApp revoked the customer's permission ${past(formatTime(refusal.revokedAt))} after ${refusal.unansweredCalls} unanswered calls in a row. ${grantAgain}`;
    case 'call_limit':
      return `${windowAdjective(refusal.windowMs)} limit reached: ${refusal.used} of ${count(refusal.max, 'connected call')} in the last ${formatSpan(refusal.windowMs)}. `
        + `The next call is possible at ${formatTime(refusal.until)}.`;
    case 'concurrency_limit':
      return `This business number already has ${refusal.active} of ${count(refusal.max, `${refusal.direction} call`)} in progress. `
        + 'A new call is possible as soon as one of them ends.';
    case 'permanent_permission':
      return 'No request is needed: the customer already allows calls permanently. A new request becomes possible only if the customer withdraws that permission.';
    case 'request_limit':
      return `${windowAdjective(refusal.windowMs)} request limit reached: ${refusal.used} of ${count(refusal.max, 'permission request')} in the last ${formatSpan(refusal.windowMs)}. `
        + `The next request is possible at ${formatTime(refusal.until)}, or sooner if a call with the customer connects.`;
    case 'declined_recently':
      return `The customer declined a call permission request ${past(formatTime(refusal.declinedAt))}. The next request is possible at ${formatTime(refusal.until)}.`;
    case 'whatsapp_refused':
      return describeWhatsAppRefusal(refusal, formatTime);
  }
}
