/**
 * What the WhatsApp user does on their phone: answer, decline or hang up. A person on the phone
 * page calls these through `phone-routes.ts`; the script calls them when no phone page is open.
 */
import type { SimCall } from './call-registry.ts';
import { endCall, pickUp, sendCallWebhook, callFacts } from './call-lifecycle.ts';
import { ControlError } from './control-errors.ts';
import type { SimContext } from './sim-context.ts';
import { statusWebhook } from './webhook-payloads.ts';

function requireRinging(call: SimCall, action: string): void {
  if (call.direction !== 'BUSINESS_INITIATED' || call.state !== 'ringing') {
    throw new ControlError('conflict', `Cannot ${action} call ${call.id}: it is not a ringing business call (state ${call.state}).`);
  }
}

/** The user picks up a ringing business-initiated call: ACCEPTED follows (reference §3.4). */
export function userAnswers(ctx: SimContext, call: SimCall): void {
  requireRinging(call, 'answer');
  pickUp(ctx, call);
}

/** The user declines a ringing business-initiated call: REJECTED, then terminate (reference §3.4). */
export function userDeclines(ctx: SimContext, call: SimCall): void {
  requireRinging(call, 'decline');
  sendCallWebhook(ctx, call, 'REJECTED', statusWebhook(callFacts(ctx, call), 'REJECTED', ctx.clock.now()));
  endCall(ctx, call, 'user_declined');
}

/** The user hangs up: ends a live call, cancels their own call, or declines a ringing one. */
export function userHangsUp(ctx: SimContext, call: SimCall): void {
  if (call.state === 'ended') throw new ControlError('conflict', `Call ${call.id} has already ended.`);
  if (call.direction === 'BUSINESS_INITIATED' && call.state === 'ringing') userDeclines(ctx, call);
  else endCall(ctx, call, 'user_hung_up');
}
