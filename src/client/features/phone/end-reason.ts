/** Why a call ended, as the customer reads it on their phone: a plain sentence, never the simulator's code. */
import type { PhoneSnapshot } from '../../../shared/sim-api.ts';

type PhoneCall = PhoneSnapshot['calls'][number];

export function endSentence(call: Pick<PhoneCall, 'end_reason' | 'direction' | 'answered_at'> & { business: { name: string } }): string {
  const business = call.business.name;
  const fromUser = call.direction === 'USER_INITIATED';
  switch (call.end_reason) {
    case 'business_terminated': return call.answered_at !== null ? `${business} ended the call.` : `${business} cancelled the call before you answered.`;
    case 'business_rejected': return `${business} could not take your call right now.`;
    case 'user_hung_up': return 'You ended the call.';
    case 'user_declined': return 'You declined the call.';
    case 'user_busy': return 'You were busy, so the call did not ring.';
    case 'not_answered': return fromUser ? `Nobody at ${business} answered.` : 'You did not answer.';
    case 'media_timeout': return 'The call dropped: no sound got through.';
    case 'setup_failed': return 'The call could not be connected.';
    case 'simulator_reset': return 'The sandbox was reset.';
    default: return 'The call ended.';
  }
}
