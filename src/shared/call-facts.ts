/**
 * A call's record as a merge of the facts received about it. Meta delivers webhooks at least once
 * and in any order (reference §3.5: a terminate can overtake its connect, ACCEPTED is "for
 * auditing" and may come after the terminate), and our own Graph calls add facts of their own. The
 * record, the outcome and what the call leaves in the pair's ledger are functions of the *set* of
 * facts: the same whatever the order and however many duplicates.
 *
 * Times are epoch ms on WhatsApp's clock (Meta's webhook `timestamp`, seconds × 1000).
 */
import { z } from 'zod';

const at = z.number().int();

/** What Meta told us (webhooks) and what we did at Meta (Graph answers). One fact per kind. */
export const callFactSchema = z.discriminatedUnion('kind', [
  /** `connect` of a user-initiated call: the customer is calling (Meta's offer). */
  z.object({ kind: z.literal('offer'), at }),
  /** `connect` of a business-initiated call: Meta's answer SDP, before the phone rings. */
  z.object({ kind: z.literal('answer'), at }),
  /** Status RINGING: the customer's phone rings. */
  z.object({ kind: z.literal('ringing'), at }),
  /** Status ACCEPTED: the customer picked up a business-initiated call. */
  z.object({ kind: z.literal('accepted'), at }),
  /** Status REJECTED: the customer declined a business-initiated call. */
  z.object({ kind: z.literal('rejected'), at }),
  /** `terminate`: the call is over. `startTime`/`duration` appear only when it was picked up. */
  z.object({
    kind: z.literal('terminate'), at,
    status: z.string().nullable(),
    startTime: at.nullable(),
    duration: z.number().int().nullable(),
    error: z.object({ code: z.number().int(), message: z.string().nullable() }).nullable(),
  }),
  /** Our `accept` got Meta's 200: an agent picked up a user-initiated call. */
  z.object({ kind: z.literal('agent_answered'), at, agentId: z.string() }),
  /** We rejected a user-initiated call at Meta: an agent declined it, or nobody could take it (`agentId` null). */
  z.object({ kind: z.literal('agent_rejected'), at, agentId: z.string().nullable() }),
  /** We asked Meta to terminate (the agent hung up). */
  z.object({ kind: z.literal('hangup_sent'), at, agentId: z.string().nullable() }),
  /** Ringside ended the call without Meta's terminate: see `LocalEndReason`. */
  z.object({
    kind: z.literal('ended_locally'), at,
    reason: z.enum(['no_holder', 'ring_timeout', 'nobody_available', 'hangup_unconfirmed', 'unknown_at_meta', 'connect_failed', 'accept_failed', 'simulator_reset']),
    code: z.number().int().nullable(),
    message: z.string().nullable(),
  }),
]);
export type CallFact = z.infer<typeof callFactSchema>;
export type CallFactKind = CallFact['kind'];
export type LocalEndReason = Extract<CallFact, { kind: 'ended_locally' }>['reason'];

export type CallDirection = 'business_initiated' | 'user_initiated';

/**
 * How a call ended. `declined`: the customer declined; `rejected`: an agent declined an inbound
 * call; `cancelled`: the business hung up before the pick-up; `dropped`: Ringside ended a call
 * nobody held any more; `taken` is per agent (another agent answered) and never a call's outcome.
 */
export const callOutcomeSchema = z.enum(['completed', 'declined', 'rejected', 'missed', 'cancelled', 'failed', 'dropped', 'taken']);
export type CallOutcomeKind = z.infer<typeof callOutcomeSchema>;

/** Where a call stands, from its facts alone (an agent's claim of a ringing call is kept apart). */
export type FactStatus = 'dialing' | 'connecting' | 'ringing' | 'active' | 'ended';

export interface CallRecord {
  status: FactStatus;
  answeredAt: number | null;
  endedAt: number | null;
  durationSeconds: number | null;
  outcome: Exclude<CallOutcomeKind, 'taken'> | null;
  /** Meta's error code (terminate errors) or the code of a Graph refusal that ended it. */
  errorCode: number | null;
  /** Why Ringside ended it, when it did. */
  localReason: LocalEndReason | null;
  /** An inbound call Ringside rejected because nobody could take it (it waited in the queue). */
  nobodyAvailable: boolean;
  /** What the call leaves in the pair's policy ledger (id = the call id); null = nothing (yet). */
  ledger: { type: 'call_connected'; at: number; direction: CallDirection } | { type: 'call_unanswered'; at: number } | null;
}

/** Content key with sorted field names, so equal facts compare equal whatever their key order. */
const canonical = (fact: CallFact) => JSON.stringify(fact, Object.keys(fact).sort());

/** For two facts of one kind: the earlier, then by content, so the choice never depends on order. */
function preferred(a: CallFact, b: CallFact): CallFact {
  if (a.at !== b.at) return a.at < b.at ? a : b;
  return canonical(a) <= canonical(b) ? a : b;
}

/** One fact per kind, deterministic whatever the order and the duplicates. */
export function mergeFacts(facts: readonly CallFact[]): Map<CallFactKind, CallFact> {
  const byKind = new Map<CallFactKind, CallFact>();
  for (const fact of facts) {
    const seen = byKind.get(fact.kind);
    byKind.set(fact.kind, seen ? preferred(seen, fact) : fact);
  }
  return byKind;
}

/** Adds `fact` to `facts`; returns the new list and whether it changed anything. */
export function addFact(facts: readonly CallFact[], fact: CallFact): { facts: CallFact[]; changed: boolean } {
  const before = mergeFacts(facts).get(fact.kind);
  const after = before ? preferred(before, fact) : fact;
  if (before && canonical(before) === canonical(after)) return { facts: [...facts], changed: false };
  return { facts: [...facts.filter((f) => f.kind !== fact.kind), after], changed: true };
}

type Of<K extends CallFactKind> = Extract<CallFact, { kind: K }>;

/** The record the facts add up to. Pure; the same for any order of `facts`. */
export function deriveCallRecord(direction: CallDirection, facts: readonly CallFact[]): CallRecord {
  const f = mergeFacts(facts);
  const get = <K extends CallFactKind>(kind: K) => f.get(kind) as Of<K> | undefined;
  const terminate = get('terminate');
  const local = get('ended_locally');

  // A terminate with a duration (or a start time) means the call was picked up, whatever came before.
  const pickedUpByMeta = terminate && ((terminate.duration ?? 0) > 0 || terminate.startTime !== null)
    ? (terminate.startTime ?? terminate.at - (terminate.duration ?? 0) * 1000) : null;
  const answers = [get('accepted')?.at, get('agent_answered')?.at, pickedUpByMeta].filter((t): t is number => t != null);
  const answeredAt = answers.length > 0 ? Math.min(...answers) : null;

  const endedAt = terminate?.at ?? local?.at ?? null;
  const durationSeconds = terminate?.duration
    ?? (answeredAt !== null && endedAt !== null ? Math.max(0, Math.round((endedAt - answeredAt) / 1000)) : null);

  let status: FactStatus;
  if (endedAt !== null) status = 'ended';
  else if (answeredAt !== null) status = 'active';
  else if (direction === 'user_initiated') status = 'ringing';
  else status = get('ringing') ? 'ringing' : get('answer') ? 'connecting' : 'dialing';

  const error = terminate?.error ?? null;
  const failedAtMeta = terminate !== undefined && (terminate.status?.toUpperCase() === 'FAILED' || error !== null);
  const localCode = !terminate && local?.code != null ? local.code : null;
  const outcome = endedAt === null ? null : outcomeOf(direction, f, answeredAt, failedAtMeta || localCode !== null);

  let ledger: CallRecord['ledger'] = null;
  if (answeredAt !== null) ledger = { type: 'call_connected', at: answeredAt, direction };
  else if (direction === 'business_initiated' && (outcome === 'declined' || outcome === 'missed')) {
    ledger = { type: 'call_unanswered', at: get('rejected')?.at ?? endedAt! };
  }

  return {
    status, answeredAt, endedAt, durationSeconds, outcome,
    errorCode: error?.code ?? localCode,
    localReason: terminate ? null : (local?.reason ?? null),
    nobodyAvailable: direction === 'user_initiated' && answeredAt === null && get('agent_rejected') !== undefined && get('agent_rejected')!.agentId === null,
    ledger,
  };
}

function outcomeOf(direction: CallDirection, f: Map<CallFactKind, CallFact>, answeredAt: number | null, failed: boolean): CallRecord['outcome'] {
  if (failed) return 'failed';
  if (answeredAt !== null) return 'completed';
  const local = f.get('ended_locally') as Of<'ended_locally'> | undefined;
  if (direction === 'business_initiated') {
    if (f.has('rejected')) return 'declined';
    if (f.has('hangup_sent')) return 'cancelled';
    if (!f.has('terminate') && local && local.reason !== 'ring_timeout') return 'dropped';
    return 'missed';
  }
  const rejected = f.get('agent_rejected') as Of<'agent_rejected'> | undefined;
  if (rejected?.agentId) return 'rejected';
  if (!f.has('terminate') && local?.reason === 'no_holder') return 'dropped';
  return 'missed';
}
