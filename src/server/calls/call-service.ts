/**
 * What agents do to calls. Every step that talks to Meta goes through the Graph client; what Meta
 * answers becomes a fact of the call (call-record.ts), recorded under the call's lock like the
 * webhooks; every decision between agents (who gets an inbound call) is taken atomically in the
 * database.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { PlaceCall } from '../../shared/agent-api.ts';
import type { CallFact } from '../../shared/call-facts.ts';
import { AppError } from '../../shared/errors.ts';
import { checkBusinessSdp } from '../../shared/sdp-rules.ts';
import { businessNumbers, calls, contacts } from '../db/schema.ts';
import { callSubject, lockSubject } from '../db/locks.ts';
import type { Db } from '../db/open-db.ts';
import type { ServerContext } from '../context.ts';
import type { Publish } from '../events/event-bus.ts';
import { GraphError } from '../graph/graph-client.ts';
import { applySubject } from '../webhooks/applier.ts';
import { lockedCall, publishCall, recordFact } from './call-record.ts';
import { loadSummary, type CallRow } from './call-repo.ts';
import { fallbackName } from './customers.ts';
import { noteDialRefused, reserveDial } from './dial-guard.ts';
import { offerCall, offerWaitingCalls } from './queue.ts';

export interface Agent { id: string; displayName: string }

const metaError = (err: unknown): never => {
  if (err instanceof GraphError) throw new AppError({ code: 'meta_error', message: err.message, metaCode: err.code, details: err.details ?? err.metaMessage });
  throw err;
};

function assertSdp(sdp: string) {
  const verdict = checkBusinessSdp(sdp);
  if (!verdict.ok) throw new AppError({ code: 'invalid_sdp', message: `This browser produced SDP that WhatsApp would refuse: ${verdict.details}.`, details: verdict.details });
}

/** Meta's answer to an action on a call it no longer knows (reference §2.5: invalid call id, already terminated). */
const unknownAtMeta = (err: unknown) => err instanceof GraphError && err.code === 100;

export function createCallService(ctx: ServerContext) {
  const { db, graph, bus } = ctx;

  /** Runs `fn` on the call, locked, in a transaction whose events are published on commit. */
  function withCall<T>(callId: string, fn: (tx: Db, call: CallRow, publish: Publish) => Promise<T>): Promise<T> {
    return bus.transaction(async (tx, publish) => {
      await lockSubject(tx, callSubject(callId));
      const call = await lockedCall(tx, callId);
      if (!call) throw new AppError({ code: 'not_found', message: 'No such call.' });
      return fn(tx, call, publish);
    });
  }
  const record = (callId: string, fact: CallFact) => withCall(callId, (tx, call, publish) => recordFact(tx, ctx, call, fact, publish));
  const now = () => ctx.now().getTime();

  return {
    /** Business-initiated call. Returns Meta's call id; Meta's answer SDP follows as a push event. */
    async place(agent: Agent, input: PlaceCall): Promise<string> {
      const [number] = await db.select().from(businessNumbers).where(eq(businessNumbers.id, input.businessNumberId));
      if (!number) throw new AppError({ code: 'not_found', message: 'Unknown business number.' });
      assertSdp(input.sdp);
      await db.insert(contacts).values({ waId: input.waId, name: fallbackName(input.waId) }).onConflictDoNothing();
      const pendingId = await reserveDial(ctx, agent, number, input.waId);
      let callId: string;
      try {
        callId = await graph.connect(number.id, input.waId, input.sdp);
      } catch (err) {
        const code = err instanceof GraphError ? err.code : null;
        await record(pendingId, { kind: 'ended_locally', at: now(), reason: 'connect_failed', code, message: (err as Error).message });
        if (err instanceof GraphError) await noteDialRefused(ctx, number, input.waId, err);
        return metaError(err);
      }
      await bus.transaction(async (tx, publish) => {
        await lockSubject(tx, callSubject(callId));
        await tx.update(calls).set({ id: callId }).where(eq(calls.id, pendingId));
        const call = await lockedCall(tx, callId);
        if (call) await publishCall(tx, call, publish);
      });
      // Meta's webhooks for this call may have arrived before its id did: apply them now.
      await applySubject(ctx, callSubject(callId));
      return callId;
    },

    /**
     * Early media setup for an inbound call (reference §2.2). Forwarded to Meta only when this
     * agent is the only one it rings: Meta's accept must carry the pre-accepted SDP, and with
     * several agents ringing we cannot know whose browser will answer.
     */
    async preAccept(agent: Agent, callId: string, sdp: string): Promise<boolean> {
      assertSdp(sdp);
      const [call] = await db.select().from(calls).where(eq(calls.id, callId));
      if (!call) throw new AppError({ code: 'not_found', message: 'No such call.' });
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
        .where(and(eq(calls.id, callId), eq(calls.status, 'ringing'), sql`${calls.agentId} is null`, sql`${agent.id} = any(${calls.ringAgentIds})`))
        .returning();
      if (!claimed) {
        const summary = await loadSummary(db, callId);
        if (!summary) throw new AppError({ code: 'not_found', message: 'No such call.' });
        const taken = summary.agentId && summary.agentId !== agent.id;
        throw new AppError({ code: 'conflict', message: taken ? `${summary.agentName ?? 'Another agent'} already answered this call.` : 'This call is no longer ringing.' });
      }
      const others = claimed.ringAgentIds.filter((id) => id !== agent.id);
      if (others.length > 0) {
        await bus.publish({ kind: 'users', userIds: others }, { type: 'call.claimed', callId, agentId: agent.id, agentName: agent.displayName });
        await offerWaitingCalls(ctx); // the others are free again: a waiting customer rings them now
      }
      const answer = claimed.preAcceptAgentId === agent.id && claimed.preAcceptSdp ? claimed.preAcceptSdp : sdp;
      try {
        await graph.accept(claimed.businessNumberId, callId, answer);
      } catch (err) {
        const code = err instanceof GraphError ? err.code : null;
        await record(callId, { kind: 'ended_locally', at: now(), reason: 'accept_failed', code, message: (err as Error).message });
        metaError(err);
      }
      await record(callId, { kind: 'agent_answered', at: now(), agentId: agent.id });
    },

    /**
     * "Not me": this agent stops ringing. When nobody is left ringing, the call rings agents who
     * have not declined it yet (RING_AT_ONCE of them); with none, it is rejected at Meta.
     */
    async reject(agent: Agent, callId: string): Promise<void> {
      const [left] = await db.update(calls).set({
        ringAgentIds: sql`array_remove(${calls.ringAgentIds}, ${agent.id})`,
        declinedAgentIds: sql`array_append(${calls.declinedAgentIds}, ${agent.id})`,
      })
        .where(and(eq(calls.id, callId), eq(calls.status, 'ringing'), sql`${agent.id} = any(${calls.ringAgentIds})`))
        .returning();
      if (!left || left.ringAgentIds.length > 0) return;
      if (await offerCall(ctx, callId) === 'rung') return;
      await graph.reject(left.businessNumberId, callId).catch(metaError);
      await record(callId, { kind: 'agent_rejected', at: now(), agentId: agent.id });
    },

    /**
     * Ends the agent's call. Meta's terminate webhook records how it ended; when Meta says it no
     * longer knows the call, it ends here. A timeout is not an end: the call stays ending until the
     * terminate arrives or the liveness rule gives up on it (calls/liveness.ts).
     */
    async hangUp(agent: Agent, callId: string): Promise<void> {
      const call = await withCall(callId, async (tx, call, publish) => {
        if (call.agentId !== agent.id) throw new AppError({ code: 'forbidden', message: 'This is not your call.' });
        if (call.status === 'ended') return null;
        return (await recordFact(tx, ctx, call, { kind: 'hangup_sent', at: now(), agentId: agent.id }, publish)).call;
      });
      if (!call) return;
      try {
        await graph.terminate(call.businessNumberId, callId);
      } catch (err) {
        if (unknownAtMeta(err)) await record(callId, { kind: 'ended_locally', at: now(), reason: 'unknown_at_meta', code: null, message: null });
        else ctx.log.warn({ callId, err: (err as Error).message }, 'Hang-up not confirmed by WhatsApp; waiting for its terminate');
      }
    },
  };
}

export type CallService = ReturnType<typeof createCallService>;
