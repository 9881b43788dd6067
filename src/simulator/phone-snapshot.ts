/**
 * What a WhatsApp user's phone shows (`PhoneSnapshot` of `src/shared/sim-api.ts`): the user, the
 * businesses they can call, their recent calls, open permission requests and chat lines.
 */
import type { PhoneCall, PhoneSnapshot } from '../shared/sim-api.ts';
import type { CallState, SimCall } from './call-registry.ts';
import { isOpen } from './permission-requests.ts';
import type { SimContext } from './sim-context.ts';
import { toSimBusinessNumber } from './world.ts';
import { toSimUser } from './world-users.ts';

// FAQ (reference §2.2): the caller sees "Calling" until the business pre-accepts, then "Ringing".
const phoneState: Record<CallState, PhoneCall['state']> = {
  connecting: 'connecting',
  ringing: 'ringing',
  offered: 'calling',
  pre_accepted: 'ringing',
  active: 'active',
  ended: 'ended',
};

function phoneCall(ctx: SimContext, call: SimCall): PhoneCall | null {
  const business = ctx.world.business(call.phoneNumberId);
  if (!business) return null;
  return {
    call_id: call.id,
    direction: call.direction,
    business: toSimBusinessNumber(business),
    state: phoneState[call.state],
    started_at: call.createdAt,
    answered_at: call.answeredAt,
    end_reason: call.endReason,
  };
}

/** The phone of `waId` right now. */
export function phoneSnapshot(ctx: SimContext, waId: string): PhoneSnapshot {
  const now = ctx.clock.now();
  const businesses = [...ctx.world.businesses.values()];
  return {
    user: toSimUser(ctx.world.user(waId), ctx.phones.isAttached(waId)),
    businesses: businesses.map(toSimBusinessNumber),
    calls: ctx.calls.ofUser(waId).map((call) => phoneCall(ctx, call)).filter((c) => c !== null),
    requests: [...ctx.world.requests.values()]
      .filter((r) => r.waId === waId && isOpen(ctx, r, now))
      .flatMap((r) => {
        const business = ctx.world.business(r.phoneNumberId);
        return business ? [{ request_id: r.id, business: toSimBusinessNumber(business), body: r.body, sent_at: r.sentAt }] : [];
      }),
    messages: [...ctx.world.messagesOf(waId)],
    now,
  };
}
