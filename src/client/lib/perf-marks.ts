/**
 * User Timing marks on the call path (`ringside:dial:*`, `ringside:ring:*`), read by `npm run bench`
 * for its breakdowns of click → connect and webhook → ring. A phase clears its previous marks when it
 * starts, so the buffer holds one call's worth at most.
 */
export type Phase = 'dial' | 'ring';

export function markStart(phase: Phase): void {
  for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith(`ringside:${phase}:`)) performance.clearMarks(m.name);
  performance.mark(`ringside:${phase}:start`);
}

export function mark(phase: Phase, step: string): void {
  performance.mark(`ringside:${phase}:${step}`);
}
