/**
 * After-call dispositions: what came of a call, in the team's words. The deployment sets its own
 * list (DISPOSITIONS); these are the defaults. No zod: the browser imports this module.
 */
export const defaultDispositions = ['Resolved', 'Follow-up needed', 'Callback scheduled', 'Sale', 'Not interested', 'Wrong number', 'No answer', 'Other'] as const;

/** `DISPOSITIONS` as configured: comma-separated, trimmed, empty entries and repeats dropped. */
export function parseDispositions(value: string | undefined): string[] {
  const list = [...new Set((value ?? '').split(',').map((d) => d.trim()).filter((d) => d.length > 0 && d.length <= 60))];
  return list.length > 0 ? list : [...defaultDispositions];
}
