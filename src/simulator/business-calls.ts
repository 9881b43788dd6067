/**
 * Business-initiated calls as Meta runs them (reference §2.1, §3.3, §3.4, §10.2): `connect` is
 * validated and answered 200 at once; then, asynchronously, Meta's media answers the offer, the
 * `connect` webhook carries Meta's SDP answer, `RINGING` follows, and the user picks up, declines
 * or lets it ring out (30 s on the simulator clock); a busy user's call ends at once instead.
 */
import type { SimCall } from './call-registry.ts';
import { callFacts, callTimer, createCall, endCall, sendCallWebhook } from './call-lifecycle.ts';
import { errorMessage } from './errors-text.ts';
import { checkConnect } from './pair-policy.ts';
import { userAnswers, userDeclines } from './phone-actions.ts';
import type { SimContext } from './sim-context.ts';
import { connectWebhook, setupFailedError, statusWebhook } from './webhook-payloads.ts';
import type { BusinessNumber } from './world.ts';

export interface ConnectRequest {
  /** The receiver's wa_id (normalised). */
  waId: string;
  /** The business's SDP offer, already checked against Meta's SDP rules. */
  offerSdp: string;
  bizOpaque?: string;
}

/** Validates in Meta's order and creates the call; the rest of the flow runs asynchronously. */
export function connectBusinessCall(ctx: SimContext, business: BusinessNumber, request: ConnectRequest): SimCall {
  checkConnect(ctx, business, request.waId);

  const call = createCall(ctx, 'BUSINESS_INITIATED', business, request.waId);
  if (request.bizOpaque !== undefined) call.bizOpaque = request.bizOpaque;
  ctx.phones.notify(call.waId, 'call.updated');
  void setUp(ctx, call, request.offerSdp);
  return call;
}

async function setUp(ctx: SimContext, call: SimCall, offerSdp: string): Promise<void> {
  let answerSdp: string;
  try {
    answerSdp = await call.media.answerBusinessOffer(offerSdp);
  } catch (err) {
    endCall(ctx, call, 'setup_failed', { status: 'FAILED', error: setupFailedError(`Media could not answer the offer: ${errorMessage(err)}`) });
    return;
  }
  if (call.state !== 'connecting') return; // terminated while the answer was being made
  sendCallWebhook(ctx, call, 'connect', connectWebhook(callFacts(ctx, call), answerSdp, ctx.clock.now()));
  // A busy user's phone never rings: the call ends unanswered at once (terminate without pick-up).
  // A person on the phone page decides instead of the script.
  if (ctx.world.user(call.waId).onCall === 'busy' && !ctx.phones.isAttached(call.waId)) endCall(ctx, call, 'user_busy');
  else startRinging(ctx, call);
}

function startRinging(ctx: SimContext, call: SimCall): void {
  call.state = 'ringing';
  sendCallWebhook(ctx, call, 'RINGING', statusWebhook(callFacts(ctx, call), 'RINGING', ctx.clock.now()));
  // Reference §3.5: unanswered business calls end COMPLETED without start/end/duration.
  callTimer(ctx, call, ctx.timings.bicRingTimeoutMs, () => {
    if (call.state === 'ringing') endCall(ctx, call, 'not_answered');
  });
  ctx.phones.notify(call.waId, 'call.ringing');

  const user = ctx.world.user(call.waId);
  if (user.onCall === 'ignore' || user.onCall === 'busy') return;
  callTimer(ctx, call, user.answerAfterMs, () => {
    // A person on the phone page decides instead of the script; the script reads the latest settings.
    if (call.state !== 'ringing' || ctx.phones.isAttached(call.waId)) return;
    if (user.onCall === 'answer') userAnswers(ctx, call);
    else if (user.onCall === 'decline') userDeclines(ctx, call);
  });
}
