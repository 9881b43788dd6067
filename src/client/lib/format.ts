/**
 * Display formatting shared by the agent and phone pages. Phone numbers are not formatted here: the
 * server sends their display forms (`displayNumber`), so the browser ships no numbering plans.
 */

/** 42 → "00:42", 3725 → "62:05". */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

/** "14:03" today, "12 Nov, 14:03" otherwise. */
export function formatCallTime(iso: string, now = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return d.toDateString() === now.toDateString() ? timeFormat.format(d) : dateTimeFormat.format(d);
}

/** Time left until `iso`: "6 d", "5 h", "12 min"; null when already past. */
export function timeLeft(iso: string, now = Date.now()): string | null {
  const ms = new Date(iso).getTime() - now;
  if (Number.isNaN(ms) || ms <= 0) return null;
  const days = ms / 86_400_000;
  if (days >= 1) return `${Math.round(days)} d`;
  const hours = ms / 3_600_000;
  if (hours >= 1) return `${Math.round(hours)} h`;
  return `${Math.max(1, Math.round(ms / 60_000))} min`;
}

const weekdayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' });
const dateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
const yearFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

const startOfDay = (ms: number) => new Date(ms).setHours(0, 0, 0, 0);

const relativeDay = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

/**
 * An instant in the agent's locale and zone, as short as it can be without being ambiguous:
 * "14:32" today, "yesterday 14:32", "Tue 14:32" within the coming week, "12 Nov, 14:32" otherwise
 * (with the year when it differs). Weekdays name only future days, so "Sat" is never both the
 * last and the next Saturday.
 */
export function formatInstant(epochMs: number, now: number): string {
  const days = Math.round((startOfDay(epochMs) - startOfDay(now)) / 86_400_000);
  if (days === 0) return timeFormat.format(epochMs);
  if (days === -1) return `${relativeDay.format(-1, 'day')} ${timeFormat.format(epochMs)}`;
  if (days > 0 && days < 7) return weekdayFormat.format(epochMs);
  return new Date(epochMs).getFullYear() === new Date(now).getFullYear() ? dateFormat.format(epochMs) : yearFormat.format(epochMs);
}

/**
 * A remaining span, rounded down: "6 d 3 h", "5 h 12 min", "12 min", "under a minute".
 * `coarse` keeps only the largest unit ("6 d"), for badges.
 */
export function formatCountdown(ms: number, coarse = false): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return coarse || h === 0 ? `${d} d` : `${d} d ${h} h`;
  if (h > 0) return coarse || m === 0 ? `${h} h` : `${h} h ${m} min`;
  return `${m} min`;
}

/** "Brazil" for "BR", in the agent's language; the code itself when the browser cannot name it. */
export function regionName(code: string): string {
  try {
    return new Intl.DisplayNames(undefined, { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * A number in E.164 form ("+5511912345678") for the phone page, whose numbers come from the simulator
 * as digits. Grouping needs each country's numbering plan, which stays on the server.
 */
export function formatE164(digits: string): string {
  return /^\d+$/.test(digits) ? `+${digits}` : digits;
}
