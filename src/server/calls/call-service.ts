/**
 * What agents do to calls. Every step that talks to Meta goes through the Graph client; every
 * decision between agents (who gets an inbound call) is taken atomically in the database.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { PlaceCall } from '../../shared/agent-api.ts';
import { AppError } from '../../shared/errors.ts';
import { formatWaId } from '../../shared/phone-number.ts';
import { checkBusinessSdp } from '../../shared/sdp-rules.ts';
import { businessNumbers, calls, contacts } from '../db/schema.ts';
import type { ServerContext } from '../context.ts';
import { GraphError } from '../graph/graph-client.ts';
import { applyPendingEvents } from '../webhooks/apply-event.ts';
import { loadSummary, type CallRow } from './call-repo.ts';
import { appendLedger } from '../policy/ledger-repo.ts';
import { noteDialRefused, reserveDial } from './dial-guard.ts';

export interface Agent { id: string; displayName: string }

const metaError = (err: unknown): never => {
  if (err instanceof GraphError) throw new AppError({ code: 'meta_error', message: err.message, metaCode: err.code, details: err.details ?? err.metaMessage });
  throw err;
};

function assertSdp(sdp: string) {
  const verdict = checkBusinessSdp(sdp);
  if (!verdict.ok) throw new AppError({ code: 'invalid_sdp', message: `This browser produced SDP that WhatsApp would refuse: ${verdict.details}.`, details: verdict.details });
}

export function createCallService(ctx: ServerContext) {
  const { db, graph, bus } = ctx;

  async function load(callId: string): Promise<CallRow> {
    const [row] = await db.select().from(calls).where(eq(calls.id, callId));
    if (!row) throw new AppError({ code: 'not_found', message: 'No such call.' });
    return row;
  }

  async function endLocally(call: CallRow, outcome: 'failed' | 'completed', message: string, code: number | null) {
    await db.update(calls).set({ status: 'ended', endedAt: ctx.now(), outcome, endMessage: message, errorCode: code })
      .where(and(eq(calls.id, call.id), sql`${calls.status} <> 'ended'`));
    const summary = await loadSummary(db, call.id);
    if (summary) await bus.publish({ kind: 'all' }, { type: 'call.ended', call: summary });
  }

  return {
    /** Business-initiated call. Returns Meta's call id; Meta's answer SDP follows as a push event. */
    async place(agent: Agent, input: PlaceCall): Promise<string> {
      const [number] = await db.select().from(businessNumbers).where(eq(businessNumbers.id, input.businessNumberId));
      if (!number) throw new AppError({ code: 'not_found', message: 'Unknown business number.' });
      assertSdp(input.sdp);
      await db.insert(contacts).values({ waId: input.waId, name: formatWaId(input.waId) }).onConflictDoNothing();
      const pendingId = await reserveDial(ctx, agent, number, input.waId);
      let callId: string;
      try {
        callId = await graph.connect(number.id, input.waId, input.sdp);
      } catch (err) {
        const [row] = await db.select().from(calls).where(eq(calls.id, pendingId));
        if (row && err instanceof GraphError) await endLocally(row, 'failed', err.message, err.code);
        if (err instanceof GraphError) await noteDialRefused(ctx, number, input.waId, err);
        return metaError(err);
      }
      await db.update(calls).set({ id: callId }).where(eq(calls.id, pendingId));
      await applyPendingEvents(ctx, callId);
      return callId;
    },

    /**
     * Early media setup for an inbound call (reference §2.2). Forwarded to Meta only when this
     * agent is the only one it rings: Meta's accept must carry the pre-accepted SDP, and with
     * several agents ringing we cannot know whose browser will answer.
     */
    async preAccept(agent: Agent, callId: string, sdp: string): Promise<boolean> {
      assertSdp(sdp);
      const call = await load(callId);
      if (call.direction !== 'user_initiated' || call.status !== 'ringing' || !call.ringAgentIds.includes(agent.id)) return false;
      if (call.ringAgentIds.length !== 1 || call.preAcceptSdp) return false;
      const [claimed] = await db.update(calls).set({ preAcceptSdp: sdp, preAcceptAgentId: agent.id })
        .where(and(eq(calls.id, callId), sql`${calls.preAcceptSdp} is null`)).returning({ id: calls.id });
      if (!claimed) return false;
      await graph.preAccept(call.businessNumberId, callId, sdp).catch(metaError);
      return true;
    },

    /** The first agent to accept gets the call; the others stop ringing. */
    async accept(agent: Agent, callId: string, sdp: string): Promise<void> {
      assertSdp(sdp);
      const [claimed] = await db.update(calls).set({ status: 'accepting', agentId: agent.id })
        .where(and(eq(calls.id, callId), eq(calls.status, 'ringing'), sql`${agent.id} = any(${calls.ringAgentIds})`))
        .returning();
      if (!claimed) {
        const summary = await loadSummary(db, callId);
        if (!summary) throw new AppError({ code: 'not_found', message: 'No such call.' });
        const taken = summary.agentId && summary.agentId !== agent.id;
        throw new AppError({ code: 'conflict', message: taken ? `${summary.agentName ?? 'Another agent'} already answered this call.` : 'This call is no longer ringing.' });
      }
      const others = claimed.ringAgentIds.filter((id) => id !== agent.id);
      if (others.length > 0) await bus.publish({ kind: 'users', userIds: others }, { type: 'call.claimed', callId, agentId: agent.id, agentName: agent.displayName });
      const answer = claimed.preAcceptAgentId === agent.id && claimed.preAcceptSdp ? claimed.preAcceptSdp : sdp;
      try {
        await graph.accept(claimed.businessNumberId, callId, answer);
      } catch (err) {
        if (err instanceof GraphError) await endLocally(claimed, 'failed', err.message, err.code);
        metaError(err);
      }
      await db.update(calls).set({ status: 'active', answeredAt: ctx.now() }).where(and(eq(calls.id, callId), eq(calls.status, 'accepting')));
      await appendLedger(db, claimed.businessNumberId, claimed.waId, { type: 'call_connected', id: callId, at: ctx.now().getTime(), direction: 'user_initiated' });
      await bus.publish({ kind: 'all' }, { type: 'contact.updated', waId: claimed.waId, businessNumberId: claimed.businessNumberId });
      const summary = await loadSummary(db, callId);
      if (summary) await bus.publish({ kind: 'users', userIds: [agent.id] }, { type: 'call.updated', call: summary });
    },

    /** "Not me": this agent stops ringing; when nobody is left, the call is rejected at Meta. */
    async reject(agent: Agent, callId: string): Promise<void> {
      const [left] = await db.update(calls).set({ ringAgentIds: sql`array_remove(${calls.ringAgentIds}, ${agent.id})` })
        .where(and(eq(calls.id, callId), eq(calls.status, 'ringing'), sql`${agent.id} = any(${calls.ringAgentIds})`))
        .returning();
      if (left && left.ringAgentIds.length === 0) await graph.reject(left.businessNumberId, callId).catch(metaError);
    },

    /** Ends the agent's call; the terminate webhook that follows records how it ended. */
    async hangUp(agent: Agent, callId: string): Promise<void> {
      const call = await load(callId);
      if (call.agentId !== agent.id) throw new AppError({ code: 'forbidden', message: 'This is not your call.' });
      if (call.status === 'ended') return;
      // Hanging up before the customer answered is the business cancelling, not an unanswered call.
      if (call.answeredAt === null && call.direction === 'business_initiated') {
        await db.update(calls).set({ outcome: 'cancelled', endMessage: 'You cancelled the call.' }).where(and(eq(calls.id, callId), sql`${calls.outcome} is null`));
      }
      try {
        await graph.terminate(call.businessNumberId, callId);
      } catch (err) {
        // Meta no longer knows the call (it ended on its side first): end it here too.
        if (err instanceof GraphError) return endLocally(call, call.answeredAt ? 'completed' : 'failed', 'Call ended.', null);
        throw err;
      }
    },
  };
}

export type CallService = ReturnType<typeof createCallService>;
