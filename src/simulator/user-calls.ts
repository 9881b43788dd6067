/**
 * User-initiated calls (reference §2.2–§2.4, §3.2, §10.1): the user dials, Meta's `connect`
 * webhook carries Meta's SDP offer, the business may `pre_accept` (the answer is applied, media
 * can set up) and must `accept` with the same SDP, or `reject`. Unanswered calls end after 45 s
 * of simulator time.
 */
import type { Session } from '../shared/meta-api.ts';
import type { StartUserCall } from '../shared/sim-api.ts';
import { describeRefusal } from '../shared/policy/describe.ts';
import type { SimCall } from './call-registry.ts';
import { callFacts, callTimer, createCall, endCall, pickUp, requireLiveCall, sendCallWebhook } from './call-lifecycle.ts';
import { ControlError } from './control-errors.ts';
import { errorMessage } from './errors-text.ts';
import { invalidParameter } from './graph-errors.ts';
import { formatUtcTime, userCallRefusal } from './pair-policy.ts';
import { requireBusinessSdp, sameSdp } from './sdp-check.ts';
import type { SimContext } from './sim-context.ts';
import { grantCallbackPermission } from './user-permissions.ts';
import { connectWebhook, setupFailedError } from './webhook-payloads.ts';
import { usesSip, type BusinessNumber } from './world.ts';

/** A user's call as the control API or the phone page asks for it: the business number by id. */
export function placeUserCall(ctx: SimContext, waId: string, request: StartUserCall): Promise<SimCall> {
  const business = ctx.world.business(request.phone_number_id);
  if (!business) throw new ControlError('not_found', `No business number ${request.phone_number_id}.`);
  return startUserCall(ctx, waId, business, {
    ...(request.cta_payload === undefined ? {} : { ctaPayload: request.cta_payload }),
    ...(request.deeplink_payload === undefined ? {} : { deeplinkPayload: request.deeplink_payload }),
  });
}

/** Where the user's call came from (reference §9): a call button's payload or a deep link's `biz_payload`. */
export interface UserCallContext {
  ctaPayload?: string;
  deeplinkPayload?: string;
}

/** The user calls the business number: Meta's offer goes to the business in a `connect` webhook. */
export async function startUserCall(ctx: SimContext, waId: string, business: BusinessNumber, context: UserCallContext = {}): Promise<SimCall> {
  if (!ctx.world.isOnWhatsApp(waId)) throw new ControlError('bad_request', `${waId} is not on WhatsApp and cannot call.`);
  if (usesSip(business)) {
    throw new ControlError('conflict', `${business.number} takes calls over SIP: the call would go to its SIP server, which the simulator does not model (no calls webhooks).`);
  }
  const ongoing = ctx.calls.ongoingWith(business.phoneNumberId, waId);
  if (ongoing) throw new ControlError('conflict', `${waId} is already in a call with ${business.number} (${ongoing.id}).`);
  // Calling disabled: WhatsApp shows no call button. Inbound concurrency: the caller sees
  // "can't place call" and the business gets no webhook (reference §5).
  const refusal = userCallRefusal(ctx, business, waId);
  if (refusal) {
    const shown = refusal.code === 138000 ? 'WhatsApp shows no call button' : "WhatsApp tells the caller it can't place the call";
    throw new ControlError('conflict', `${waId} cannot call ${business.number} (${refusal.code}: ${shown}). ${describeRefusal(refusal, formatUtcTime)}`);
  }

  const call = createCall(ctx, 'USER_INITIATED', business, waId);
  Object.assign(call, context);
  callTimer(ctx, call, ctx.timings.uicAnswerTimeoutMs, () => {
    if (call.state === 'offered' || call.state === 'pre_accepted') endCall(ctx, call, 'not_answered');
  });
  ctx.phones.notify(waId, 'call.updated');
  let offerSdp: string;
  try {
    offerSdp = await call.media.createBusinessOffer();
  } catch (err) {
    // The business never heard of this call: no terminate webhook.
    endCall(ctx, call, 'setup_failed', { status: 'FAILED', error: setupFailedError(errorMessage(err)), webhook: false });
    throw err;
  }
  if (call.state !== 'ended') {
    sendCallWebhook(ctx, call, 'connect', connectWebhook(callFacts(ctx, call), offerSdp, ctx.clock.now()));
    grantCallbackPermission(ctx, business, call);
  }
  return call;
}

function requireUserInitiated(call: SimCall, action: string): void {
  if (call.direction !== 'USER_INITIATED') {
    throw invalidParameter(`${action} applies only to user-initiated calls; ${call.id} is business-initiated.`);
  }
  if (call.state === 'active') throw invalidParameter(`Call ${call.id} is already in progress (accepted).`);
}

async function applyAnswer(call: SimCall, sdp: string): Promise<void> {
  try {
    await call.media.applyBusinessAnswer(sdp);
  } catch (err) {
    throw invalidParameter(`The SDP answer could not be applied: ${errorMessage(err)}.`);
  }
}

/** `pre_accept`: stores and applies the answer. Repeating it with the same SDP is accepted (UNCONFIRMED, §12.14). */
export async function preAcceptCall(ctx: SimContext, business: BusinessNumber, callId: string, session: Session): Promise<void> {
  const call = requireLiveCall(ctx, business, callId);
  requireUserInitiated(call, 'pre_accept');
  const sdp = requireBusinessSdp(session, 'answer', 'pre_accept');
  if (call.preAcceptSdp !== undefined) {
    if (sameSdp(call.preAcceptSdp, sdp)) return;
    throw invalidParameter(`Call ${callId} was already pre-accepted with a different SDP.`);
  }
  call.preAcceptSdp = sdp;
  call.state = 'pre_accepted';
  try {
    await applyAnswer(call, sdp);
  } catch (err) {
    if (call.state === 'pre_accepted') call.state = 'offered';
    delete call.preAcceptSdp;
    throw err;
  }
  ctx.phones.notify(call.waId, 'call.updated');
}

/** `accept`: the call is picked up; the SDP must equal the pre_accept one when there was one (§2.3). */
export async function acceptCall(ctx: SimContext, business: BusinessNumber, callId: string, session: Session, bizOpaque?: string): Promise<void> {
  const call = requireLiveCall(ctx, business, callId);
  requireUserInitiated(call, 'accept');
  const sdp = requireBusinessSdp(session, 'answer', 'accept');
  if (call.preAcceptSdp !== undefined) {
    if (!sameSdp(call.preAcceptSdp, sdp)) {
      throw invalidParameter('The SDP in accept does not match the SDP given in pre_accept for this call.');
    }
  } else {
    // FAQ: accept without pre_accept is allowed.
    await applyAnswer(call, sdp);
    requireLiveCall(ctx, business, callId);
    requireUserInitiated(call, 'accept');
  }
  if (bizOpaque !== undefined) call.bizOpaque = bizOpaque;
  pickUp(ctx, call);
}

/** `reject`: a not yet accepted user-initiated call ends; a terminate webhook follows (§2.4). */
export function rejectCall(ctx: SimContext, business: BusinessNumber, callId: string): void {
  const call = requireLiveCall(ctx, business, callId);
  requireUserInitiated(call, 'reject');
  endCall(ctx, call, 'business_rejected');
}
