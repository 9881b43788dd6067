/**
 * Meta's `calls` events (connect, terminate) and call statuses (RINGING, ACCEPTED, REJECTED),
 * applied under the call's lock as facts (calls/call-record.ts). A user-initiated call is created by
 * whichever of its events comes first, so a terminate that overtakes its connect leaves an ended
 * call that a late connect can never ring. Events of a business-initiated call wait until our
 * `connect` request has stored the call.
 */
import { eq } from 'drizzle-orm';
import type { CallFact } from '../../shared/call-facts.ts';
import { publishAgents } from '../agents/agent-status.ts';
import { publishQueue } from '../calls/queue.ts';
import { ringTargets } from '../calls/ring-targets.ts';
import { floorAudience, lockedCall, recordFact } from '../calls/call-record.ts';
import { loadSummary, type CallRow } from '../calls/call-repo.ts';
import { resolveCustomer } from '../calls/customers.ts';
import type { ServerContext } from '../context.ts';
import type { Db } from '../db/open-db.ts';
import { calls } from '../db/schema.ts';
import type { Publish } from '../events/event-bus.ts';
import type { StoredEvent } from './elements.ts';

type CallEvent = Extract<StoredEvent, { type: 'call' }>;
type StatusEvent = Extract<StoredEvent, { type: 'status' }>;

const ms = (seconds: number) => seconds * 1000;

function factOfCall(e: CallEvent): CallFact | null {
  const { call } = e;
  if (call.event === 'connect') return { kind: call.direction === 'BUSINESS_INITIATED' || call.session?.sdp_type === 'answer' ? 'answer' : 'offer', at: ms(call.timestamp) };
  if (call.event !== 'terminate') return null;
  const error = call.errors?.[0] ?? e.valueErrors[0] ?? null;
  const duration = call.duration ?? (call.start_time !== undefined && call.end_time !== undefined ? call.end_time - call.start_time : null);
  return {
    kind: 'terminate', at: ms(call.timestamp), status: call.status ?? null,
    startTime: call.start_time !== undefined ? ms(call.start_time) : null, duration,
    error: error ? { code: error.code, message: error.message ?? null } : null,
  };
}

const isUserInitiated = (e: CallEvent) => e.call.direction === 'USER_INITIATED' || (!e.call.direction && e.call.session?.sdp_type === 'offer');

/** A user-initiated call seen for the first time: store it, and ring available agents (RING_AT_ONCE of them) if it is still ringing. */
async function createInbound(tx: Db, ctx: ServerContext, e: CallEvent, fact: CallFact, publish: Publish): Promise<CallRow> {
  const waId = await resolveCustomer(tx, e.customer);
  const ringing = fact.kind === 'offer';
  const targets = ringing ? await ringTargets(tx, ctx.wallNow(), ctx.ringAtOnce) : [];
  const context = e.call.cta_payload || e.call.deeplink_payload ? { ctaPayload: e.call.cta_payload, deeplinkPayload: e.call.deeplink_payload } : null;
  await tx.insert(calls).values({
    id: e.call.id, direction: 'user_initiated', businessNumberId: e.phoneNumberId, waId, status: 'ringing',
    ringAgentIds: targets, offerSdp: e.call.session?.sdp ?? null, startedAt: new Date(fact.at), context,
  }).onConflictDoNothing();
  const row = (await lockedCall(tx, e.call.id))!;
  const { call } = await recordFact(tx, ctx, row, fact, publish);
  if (call.status === 'ringing' && call.offerSdp) {
    const summary = await loadSummary(tx, call.id);
    if (summary && targets.length > 0) publish({ kind: 'users', userIds: targets }, { type: 'call.incoming', call: summary, offerSdp: call.offerSdp });
    if (summary) publish(floorAudience, { type: 'call.updated', call: summary });
    if (targets.length === 0) {
      ctx.log.info({ callId: call.id }, 'Inbound call waits: no available agent to ring');
      await publishQueue({ db: tx }, publish);
    } else await publishAgents(tx, ctx, publish, targets);
  }
  return call;
}

/** Returns false while the call is not known yet (a business-initiated call our request has not stored). */
export async function applyCallEvent(tx: Db, ctx: ServerContext, e: CallEvent, publish: Publish): Promise<boolean> {
  const fact = factOfCall(e);
  if (!fact) {
    ctx.log.info({ callId: e.call.id, event: e.call.event }, 'Kept a calls event we do not act on');
    return true;
  }
  const existing = await lockedCall(tx, e.call.id);
  if (!existing) {
    if (!isUserInitiated(e)) return false;
    await createInbound(tx, ctx, e, fact, publish);
    return true;
  }
  if (fact.kind === 'offer' && !existing.offerSdp && e.call.session?.sdp) {
    await tx.update(calls).set({ offerSdp: e.call.session.sdp }).where(eq(calls.id, existing.id));
  }
  const { call, changed } = await recordFact(tx, ctx, existing, fact, publish);
  // Meta's answer SDP for our business-initiated call: the agent's browser applies it at once.
  if (changed && fact.kind === 'answer' && e.call.session?.sdp && call.status !== 'ended' && call.agentId) {
    publish({ kind: 'users', userIds: [call.agentId] }, { type: 'call.answer', callId: call.id, sdp: e.call.session.sdp });
  }
  return true;
}

export async function applyStatusEvent(tx: Db, ctx: ServerContext, e: StatusEvent, publish: Publish): Promise<boolean> {
  const existing = await lockedCall(tx, e.status.id);
  if (!existing) return false;
  const at = ms(e.status.timestamp);
  const kind = ({ RINGING: 'ringing', ACCEPTED: 'accepted', REJECTED: 'rejected' } as const)[e.status.status as 'RINGING' | 'ACCEPTED' | 'REJECTED'];
  if (!kind) {
    ctx.log.info({ callId: existing.id, status: e.status.status }, 'Kept a call status we do not act on');
    return true;
  }
  await recordFact(tx, ctx, existing, { kind, at }, publish);
  return true;
}
