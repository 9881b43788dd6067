/**
 * How a call ended, in the agent's words. One place turns Meta's terminate (status, duration,
 * errors) and what we saw before it (REJECTED, answered or not) into an outcome and a sentence.
 */
import { agentMessageFor } from '../../shared/meta-errors.ts';
import type { CallRow } from './call-repo.ts';

export interface Outcome {
  outcome: NonNullable<CallRow['outcome']>;
  endMessage: string;
  errorCode: number | null;
}

const mmss = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;

export function outcomeOfTerminate(
  call: Pick<CallRow, 'direction' | 'answeredAt' | 'outcome' | 'endMessage'>,
  terminate: { status: string | undefined; duration: number | undefined; error: { code: number; message?: string } | null },
  name: string,
): Outcome {
  if (terminate.status?.toUpperCase() === 'FAILED' || terminate.error) {
    const code = terminate.error?.code ?? null;
    return { outcome: 'failed', errorCode: code, endMessage: code ? agentMessageFor(code, terminate.error?.message ?? 'The call failed.') : 'The call failed.' };
  }
  if (call.outcome && call.endMessage) return { outcome: call.outcome, endMessage: call.endMessage, errorCode: null };
  const answered = call.answeredAt !== null || (terminate.duration ?? 0) > 0;
  if (answered) return { outcome: 'completed', errorCode: null, endMessage: `Call ended after ${mmss(terminate.duration ?? 0)}.` };
  return call.direction === 'business_initiated'
    ? { outcome: 'missed', errorCode: null, endMessage: `${name} did not answer.` }
    : { outcome: 'missed', errorCode: null, endMessage: `Missed call from ${name}.` };
}

export const declinedByUser = (name: string): Pick<Outcome, 'outcome' | 'endMessage'> => ({ outcome: 'declined', endMessage: `${name} declined the call.` });
