/** The policy's units of time, in a module of their own so the browser can use them without zod. */

/** One hour in ms. */
export const HOUR_MS = 3_600_000;
/** One day (24 h) in ms: Meta's "per 24 hours" windows are rolling, not calendar days. */
export const DAY_MS = 24 * HOUR_MS;
/** Seven days in ms. */
export const WEEK_MS = 7 * DAY_MS;
