/**
 * Meta's `calls` events (connect, terminate) and call statuses (RINGING, ACCEPTED, REJECTED)
 * applied to a call row. Statuses only move forward, so reordered deliveries cannot regress a call.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/open-db.ts';
import { calls, contacts } from '../db/schema.ts';
import type { ServerContext } from '../context.ts';
import { contactName, isForward, loadSummary, type CallRow } from '../calls/call-repo.ts';
import { declinedByUser, outcomeOfTerminate } from '../calls/outcome.ts';
import { availableAgentIds } from '../calls/ring-targets.ts';
import { customerOfCall } from '../../shared/meta-api.ts';
import { formatWaId } from '../../shared/phone-number.ts';
import type { StoredEvent } from './extract-events.ts';
import type { Publish } from './apply-event.ts';
import { appendLedger } from '../policy/ledger-repo.ts';

type CallEvent = Extract<StoredEvent, { type: 'call' }>;
type StatusEvent = Extract<StoredEvent, { type: 'status' }>;

const lockCall = async (db: Db, id: string): Promise<CallRow | undefined> =>
  (await db.select().from(calls).where(eq(calls.id, id)).for('update'))[0];

/** Everyone who should see a change to this call: its agent and the agents it still rings. */
const audienceOf = (call: CallRow) => ({ kind: 'users' as const, userIds: [...new Set([call.agentId, ...call.ringAgentIds].filter((id): id is string => !!id))] });

async function publishUpdate(db: Db, call: CallRow, publish: Publish, type: 'call.updated' | 'call.ended') {
  const summary = await loadSummary(db, call.id);
  if (summary) publish(type === 'call.ended' ? { kind: 'all' } : audienceOf(call), { type, call: summary });
}

/**
 * What a business-initiated call leaves in the pair's ledger: connected (it counts against the
 * daily quota and resets request limits) or unanswered (it extends the streak). A call the agent
 * cancelled, or one that failed, is neither. The call id is the entry id, so repeats change nothing.
 */
async function recordInLedger(db: Db, call: CallRow, now: Date, publish: Publish) {
  if (call.direction !== 'business_initiated') return;
  const entry = call.answeredAt !== null || (call.durationSeconds ?? 0) > 0
    ? { type: 'call_connected' as const, id: call.id, at: (call.answeredAt ?? now).getTime(), direction: 'business_initiated' as const }
    : call.outcome === 'declined' || call.outcome === 'missed' ? { type: 'call_unanswered' as const, id: call.id, at: now.getTime() } : null;
  if (entry && (await appendLedger(db, call.businessNumberId, call.waId, entry))) {
    publish({ kind: 'all' }, { type: 'contact.updated', waId: call.waId, businessNumberId: call.businessNumberId });
  }
}

export async function applyCallEvent(db: Db, ctx: ServerContext, e: CallEvent, publish: Publish): Promise<boolean> {
  const { call } = e;
  const existing = await lockCall(db, call.id);
  const customer = customerOfCall(call);
  if (!customer) return false;
  const userInitiated = call.direction === 'USER_INITIATED' || (!call.direction && call.session?.sdp_type === 'offer');
  const now = ctx.now();

  if (call.event === 'connect') {
    if (userInitiated) {
      if (existing) return true; // a retry, or a connect that lost the race with its terminate
      if (!call.session) return false;
      await db.insert(contacts).values({ waId: customer, name: e.contactName ?? formatWaId(customer) }).onConflictDoNothing();
      const targets = await availableAgentIds(db, now);
      const [row] = await db.insert(calls).values({
        id: call.id, direction: 'user_initiated', businessNumberId: e.phoneNumberId, waId: customer, status: 'ringing',
        ringAgentIds: targets, offerSdp: call.session.sdp, startedAt: now,
      }).returning();
      const summary = await loadSummary(db, row!.id);
      if (summary && targets.length > 0) publish({ kind: 'users', userIds: targets }, { type: 'call.incoming', call: summary, offerSdp: call.session.sdp });
      if (targets.length === 0) ctx.log.warn({ callId: call.id }, 'Inbound call with no available agent to ring');
      return true;
    }
    if (!existing) return false; // our POST /calls has not stored it yet; applied when it does
    if (existing.status === 'ended' || !call.session) return true;
    if (isForward(existing.status, 'connecting')) await db.update(calls).set({ status: 'connecting' }).where(eq(calls.id, call.id));
    if (existing.agentId) publish({ kind: 'users', userIds: [existing.agentId] }, { type: 'call.answer', callId: call.id, sdp: call.session.sdp });
    return true;
  }

  if (call.event === 'terminate') {
    if (!existing && !userInitiated) return false;
    if (existing?.status === 'ended') return true;
    const base: Pick<CallRow, 'direction' | 'answeredAt' | 'outcome' | 'endMessage'> = existing
      ?? { direction: 'user_initiated', answeredAt: null, outcome: null, endMessage: null };
    const waId = existing?.waId ?? customer;
    const error = call.errors?.[0] ?? e.valueErrors[0] ?? null;
    const duration = call.duration ?? (call.start_time && call.end_time ? call.end_time - call.start_time : undefined);
    const ended = outcomeOfTerminate(base, { status: call.status, duration, error }, await contactName(db, waId));
    const fields = { status: 'ended' as const, endedAt: now, durationSeconds: duration ?? null, ...ended };
    if (!existing) {
      // Terminate before connect (reference §3.5): record the call as over so a late connect never rings.
      await db.insert(contacts).values({ waId, name: e.contactName ?? formatWaId(waId) }).onConflictDoNothing();
      await db.insert(calls).values({ id: call.id, direction: 'user_initiated', businessNumberId: e.phoneNumberId, waId, startedAt: now, ...fields });
      return true;
    }
    await db.update(calls).set(fields).where(eq(calls.id, call.id));
    await publishUpdate(db, { ...existing, ...fields }, publish, 'call.ended');
    await recordInLedger(db, { ...existing, ...fields }, now, publish);
    return true;
  }

  ctx.log.info({ callId: call.id, event: call.event }, 'Kept a calls event we do not act on');
  return false;
}

export async function applyStatusEvent(db: Db, ctx: ServerContext, e: StatusEvent, publish: Publish): Promise<boolean> {
  const existing = await lockCall(db, e.status.id);
  if (!existing) return false;
  if (existing.status === 'ended') return true;
  switch (e.status.status) {
    case 'RINGING':
      if (!isForward(existing.status, 'ringing')) return true;
      await db.update(calls).set({ status: 'ringing' }).where(eq(calls.id, existing.id));
      await publishUpdate(db, existing, publish, 'call.updated');
      return true;
    case 'ACCEPTED':
      if (!isForward(existing.status, 'active')) return true;
      await db.update(calls).set({ status: 'active', answeredAt: ctx.now() }).where(eq(calls.id, existing.id));
      await publishUpdate(db, existing, publish, 'call.updated');
      await recordInLedger(db, { ...existing, answeredAt: ctx.now() }, ctx.now(), publish);
      return true;
    case 'REJECTED':
      await db.update(calls).set(declinedByUser(await contactName(db, existing.waId))).where(eq(calls.id, existing.id));
      return true;
    default:
      ctx.log.info({ callId: existing.id, status: e.status.status }, 'Kept a call status we do not act on');
      return false;
  }
}
