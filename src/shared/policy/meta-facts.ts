/**
 * WhatsApp's own facts about a pair, and how long each one decides. Ringside's ledger predicts;
 * WhatsApp's answers decide. Two kinds of fact: the `call_permissions` answer (read into our terms
 * by the server) and a Graph refusal of one of our actions (138006, 138009, 138012…). A fact holds
 * from the moment WhatsApp gave it until a newer fact about the pair arrives — a newer answer or
 * refusal, or a ledger entry that changes what it spoke about — or its own expiry or limit time
 * passes. Then the estimate decides again. `meta-verdict.ts` applies what holds to the estimate.
 */
import { z } from 'zod';
import type { LedgerEntry } from './ledger.ts';
import type { TierLimits } from './profiles.ts';
import { WEEK_MS } from './durations.ts';

const epochMs = z.number();

/** One limit of a `call_permissions` action (`limits[]`), in our terms. */
export const metaLimitSchema = z.object({
  used: z.number().int(),
  max: z.number().int(),
  windowMs: z.number().int(),
  /** When an exhausted limit frees (Meta's `limit_expiration_time`); null when Meta gave none. */
  freesAt: epochMs.nullable(),
});
/** One limit of a `call_permissions` action. */
export type MetaLimit = z.infer<typeof metaLimitSchema>;

/** One action of a `call_permissions` answer (`start_call`, `send_call_permission_request`). */
export const metaActionSchema = z.object({
  allowed: z.boolean(),
  /** The rolling 24 h limit (`PT24H`), when Meta gave one. */
  day: metaLimitSchema.nullable(),
  /** The rolling 7-day limit (`P7D`, requests), when Meta gave one. */
  week: metaLimitSchema.nullable(),
});
/** One action of a `call_permissions` answer. */
export type MetaAction = z.infer<typeof metaActionSchema>;

/** WhatsApp's `call_permissions` answer for the pair (reference §4.5), read into our terms. */
export const metaAnswerSchema = z.object({
  /** When we asked (epoch ms). */
  at: epochMs,
  permission: z.object({
    status: z.enum(['no_permission', 'temporary', 'permanent']),
    /** A temporary permission's expiry (Meta's `expiration` / `expiration_time`). */
    expiresAt: epochMs.nullable(),
  }),
  /** `start_call`; null when Meta left it out. */
  call: metaActionSchema.nullable(),
  /** `send_call_permission_request`; null when Meta left it out. */
  request: metaActionSchema.nullable(),
});
/** WhatsApp's `call_permissions` answer for the pair. */
export type MetaAnswer = z.infer<typeof metaAnswerSchema>;

/** A Graph refusal of one of our actions on the pair. */
export const metaRefusalFactSchema = z.object({
  /** When WhatsApp refused (epoch ms). */
  at: epochMs,
  action: z.enum(['call', 'request']),
  code: z.number().int(),
  /** Meta's own message, e.g. "(#138006) No approved call permission from the recipient". */
  message: z.string(),
});
/** A Graph refusal of one of our actions on the pair. */
export type MetaRefusalFact = z.infer<typeof metaRefusalFactSchema>;

/**
 * The Graph codes that say something about the pair (or the number, for 138014): no permission,
 * request limit, connected-call limit, country, paused calling, permanent permission exists.
 */
export const pairRefusalCodes: readonly number[] = [138001, 138006, 138009, 138012, 138013, 138014, 138017];

/** 138001: the receiver is not on WhatsApp. Nobody can call or ask them until a newer fact says otherwise. */
export const notOnWhatsAppCode = 138001;

/** Reference §5: WhatsApp's pause after negative feedback lasts 7 days. */
const restrictionPauseMs = WEEK_MS;

/** Which actions a refusal blocks: 138014 pauses calls and requests alike; nobody reaches a number not on WhatsApp (138001). */
export function refusalBlocks(fact: MetaRefusalFact, action: 'call' | 'request'): boolean {
  return fact.code === 138014 || fact.code === notOnWhatsAppCode || fact.action === action;
}

/** When a refusal lifts by time alone (the end of the window that filled); null when it needs a fact. */
export function refusalLiftsAt(fact: MetaRefusalFact, limits: TierLimits): number | null {
  switch (fact.code) {
    case 138012: return fact.at + limits.connectedCalls.windowMs;
    case 138009: return fact.at + limits.requestsPerWeek.windowMs;
    case 138014: return fact.at + restrictionPauseMs;
    default: return null;
  }
}

/**
 * Meta's webhook timestamps are whole seconds: a ledger fact stamped in the same second as
 * WhatsApp's fact may have happened after it, so it counts as newer (the cautious reading: the
 * estimate decides again).
 */
const newerThan = (entry: LedgerEntry, at: number) => entry.at >= at - (at % 1000);

/** The parts of an answer, each superseded by the ledger facts that change it. */
export type AnswerPart = 'permission' | 'call' | 'request';

const changes: Record<AnswerPart, (e: LedgerEntry) => boolean> = {
  // A reply grants, declines or revokes; an unanswered call may complete the revoking streak.
  permission: (e) => e.type === 'permission_replied' || e.type === 'call_unanswered',
  // `start_call` also counts connected business-initiated calls.
  call: (e) => e.type === 'permission_replied' || e.type === 'call_unanswered' || (e.type === 'call_connected' && e.direction === 'business_initiated'),
  // Requests count against the limits; any connected call resets them (reference §5).
  request: (e) => e.type === 'permission_requested' || e.type === 'permission_replied' || e.type === 'call_connected',
};

/** True when one of the action's exhausted limits has freed by now. */
function limitFreed(action: MetaAction, now: number): boolean {
  return [action.day, action.week].some((l) => l !== null && l.freesAt !== null && l.used >= l.max && now >= l.freesAt);
}

/** Whether one part of the answer still decides at `now`. */
export function answerPartHolds(answer: MetaAnswer, part: AnswerPart, ledger: readonly LedgerEntry[], now: number): boolean {
  if (ledger.some((e) => e.at <= now && changes[part](e) && newerThan(e, answer.at))) return false;
  const { status, expiresAt } = answer.permission;
  // A temporary permission past its expiry says nothing about calling any more (Meta sends no webhook).
  if (part !== 'request' && status === 'temporary' && expiresAt !== null && now >= expiresAt) return false;
  if (part === 'permission') return true;
  const action = part === 'call' ? answer.call : answer.request;
  return action !== null && !(!action.allowed && limitFreed(action, now));
}

/** A ledger fact that clears a refusal: a grant, or a call with the customer that connected. */
const clearsRefusal = (e: LedgerEntry) => (e.type === 'permission_replied' && e.response === 'accept') || e.type === 'call_connected';

/** Whether a Graph refusal still decides at `now`: no newer answer, no newer grant or connected call, not lifted. */
export function refusalHolds(fact: MetaRefusalFact, answer: MetaAnswer | null, ledger: readonly LedgerEntry[], limits: TierLimits, now: number): boolean {
  if (answer !== null && answer.at > fact.at) return false;
  if (ledger.some((e) => e.at <= now && clearsRefusal(e) && newerThan(e, fact.at))) return false;
  const lifts = refusalLiftsAt(fact, limits);
  return lifts === null || now < lifts;
}
