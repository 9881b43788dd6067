/**
 * A row the client cannot read (issue 7: one contact with an unusual id broke the list for every
 * agent) is left out and reported: a console warning with the details for whoever debugs it, and one
 * notice for the agent. Each row is reported once per page, not on every refetch.
 */
import { notify } from './notifications.ts';
import type { Rows } from './shape.ts';

const reported = new Set<string>();

/** The readable rows of `result`; reports the others. `what` names the rows, plural ("contacts"). */
export function readableRows<T>(what: string, result: Rows<T>): T[] {
  const fresh = result.skipped.filter((s) => !reported.has(`${what}|${s.key ?? s.index}|${s.problem}`));
  for (const s of fresh) {
    reported.add(`${what}|${s.key ?? s.index}|${s.problem}`);
    console.warn(`${what}: left out a row the browser cannot read (${s.key ?? `#${s.index}`}): ${s.problem}`);
  }
  if (fresh.length > 0) {
    notify({
      tone: 'warning',
      title: fresh.length === 1 ? `One of the ${what} cannot be shown` : `${fresh.length} of the ${what} cannot be shown`,
      message: 'The rest of the list is complete. The browser console has the details for your administrator.',
    });
  }
  return result.rows;
}
