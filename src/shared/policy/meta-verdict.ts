/**
 * The decision for a pair: Ringside's estimate (`evaluatePair`) corrected by WhatsApp's facts that
 * still hold (`meta-facts.ts`). Where a fact holds, WhatsApp's word replaces the estimate's on the
 * questions that fact answers — permission, calls (permission and the 24 h quota), requests (the
 * request limits and 138017) — and its figures replace ours. Everything else (calling enabled,
 * country, restrictions, concurrency, the streak) stays the estimate's. Pure and total.
 */
import { callNextPossibleAt } from './call-rules.ts';
import type { Eligibility, PermissionView, QuotaView, Refusal } from './eligibility.ts';
import type { LedgerEntry } from './ledger.ts';
import { answerPartHolds, refusalBlocks, refusalHolds, refusalLiftsAt, type MetaAction, type MetaAnswer, type MetaLimit, type MetaRefusalFact } from './meta-facts.ts';
import type { TierLimits } from './profiles.ts';
import { nextPossible } from './rule-context.ts';

/** Whose word a part of the decision is. */
export type Basis = 'whatsapp' | 'ringside';

export interface MetaVerdictInput {
  /** Ringside's estimate for the pair at `now`. */
  estimate: Eligibility;
  /** The pair's ledger (the same the estimate came from). */
  ledger: readonly LedgerEntry[];
  /** The latest `call_permissions` answer we could read; null when none. */
  answer: MetaAnswer | null;
  /** The latest Graph refusal per action, any order. */
  refusals: readonly MetaRefusalFact[];
  limits: TierLimits;
  now: number;
}

export interface MetaVerdict {
  /** What the agent may do: the estimate where WhatsApp's facts are silent, WhatsApp's word where they hold. */
  eligibility: Eligibility;
  /** Whose figures each part shows. */
  basis: { permission: Basis; calls: Basis; requests: Basis };
  /** Whether any part of the answer still decides. */
  answerHolds: boolean;
  /** The refusals that still decide. */
  holdingRefusals: MetaRefusalFact[];
}

/** Refusals a `call_permissions` answer or a Graph refusal can overrule: the pair's permission and quotas. */
const callDecided: ReadonlySet<Refusal['reason']> = new Set(['no_permission', 'permission_declined', 'permission_expired', 'permission_revoked', 'call_limit']);
const requestDecided: ReadonlySet<Refusal['reason']> = new Set(['request_limit', 'declined_recently', 'permanent_permission']);

/** True when asking WhatsApp could change this refusal: every reason is one its answer decides. */
export function whatsAppCouldAllow(refusals: readonly Refusal[], action: 'call' | 'request'): boolean {
  const decided = action === 'call' ? callDecided : requestDecided;
  return refusals.length > 0 && refusals.every((r) => decided.has(r.reason));
}

const callable = (state: PermissionView['state']) => state === 'temporary' || state === 'permanent';

function permissionFromAnswer(estimate: PermissionView, answer: MetaAnswer): PermissionView {
  const { status, expiresAt } = answer.permission;
  if (status === 'no_permission') {
    // Declined, expired or revoked say more than WhatsApp's "no permission"; keep them.
    return callable(estimate.state) ? { ...estimate, state: 'none', grantedAt: null, expiresAt: null, endedAt: null, source: null, origin: null } : estimate;
  }
  const expiry = status === 'temporary' ? expiresAt : null;
  if (estimate.state === status) return { ...estimate, expiresAt: expiry ?? estimate.expiresAt };
  return { ...estimate, state: status, grantedAt: null, expiresAt: expiry, endedAt: null, source: null, origin: null };
}

function quotaFrom(limit: MetaLimit): QuotaView {
  const full = limit.used >= limit.max;
  return { used: limit.used, max: limit.max, windowMs: limit.windowMs, resetsAt: limit.freesAt, nextFreeAt: full ? limit.freesAt : null };
}

/** The refusal for an action WhatsApp's answer says no to, when nothing we know explains it. */
function answerRefusal(answer: MetaAnswer, action: MetaAction, kind: 'call' | 'request'): Refusal {
  const frees = [action.day, action.week].filter((l): l is MetaLimit => l !== null && l.used >= l.max).map((l) => l.freesAt);
  // The latest-freeing full limit binds; unknown when Meta gave no time for one of them.
  const until = frees.length === 0 || frees.includes(null) ? null : Math.max(...(frees as number[]));
  const status = answer.permission.status;
  if (kind === 'call' && status === 'no_permission') return { code: 138006, reason: 'whatsapp_refused', until: null, at: answer.at, via: 'call_permissions' };
  if (kind === 'request' && status === 'permanent') return { code: 138017, reason: 'whatsapp_refused', until: null, at: answer.at, via: 'call_permissions' };
  const code = frees.length === 0 ? null : kind === 'call' ? 138012 : 138009;
  return { code, reason: 'whatsapp_refused', until, at: answer.at, via: 'call_permissions' };
}

/** Gates first (Meta's validation order), then the pair's refusals. */
const isGate = (r: Refusal) => r.code === 138000 || r.code === 138013 || r.code === 138014;
const ordered = (refusals: Refusal[]) => [...refusals.filter(isGate), ...refusals.filter((r) => !isGate(r))];

interface Part<Q> {
  refusals: Refusal[];
  quota: Q;
}

function applyAnswer<Q>(part: Part<Q>, decided: ReadonlySet<Refusal['reason']>, answer: MetaAnswer, action: MetaAction, kind: 'call' | 'request', quota: (a: MetaAction) => Q): Part<Q> {
  const kept = part.refusals.filter((r) => !decided.has(r.reason));
  let refusals = kept;
  // A "no" that a gate we know of explains needs no second sentence.
  if (!action.allowed && kept.length === 0) {
    const theirs = answerRefusal(answer, action, kind);
    // The same verdict in our words says more: declined / expired / revoked for "no permission"
    // (as in permissionFromAnswer), or "already permanent". Quota refusals keep WhatsApp's figures.
    const ours = theirs.code === 138006 || theirs.code === 138017 ? part.refusals.find((r) => r.code === theirs.code) : undefined;
    refusals = [ours ?? theirs];
  }
  return { refusals: ordered(refusals), quota: quota(action) };
}

function applyRefusal(refusals: Refusal[], fact: MetaRefusalFact, limits: TierLimits): Refusal[] {
  const own: Refusal = { code: fact.code, reason: 'whatsapp_refused', until: refusalLiftsAt(fact, limits), at: fact.at, via: 'graph_error' };
  return [own, ...refusals.filter((r) => r.code !== fact.code)];
}

/** WhatsApp's word on permission, when the answer holds but its calls part does not. */
function permissionOnly(refusals: Refusal[], permission: PermissionView, answer: MetaAnswer, kind: 'call' | 'request'): Refusal[] {
  if (kind === 'call') {
    if (callable(permission.state)) return refusals.filter((r) => r.code !== 138006);
    return refusals.some((r) => r.code === 138006) ? refusals : ordered([...refusals, { code: 138006, reason: 'whatsapp_refused', until: null, at: answer.at, via: 'call_permissions' }]);
  }
  if (permission.state !== 'permanent') return refusals.filter((r) => r.code !== 138017);
  return refusals.some((r) => r.code === 138017) ? refusals : ordered([...refusals, { code: 138017, reason: 'permanent_permission', until: null }]);
}

/** The pair's decision at `now` (see the module comment). With no facts it is the estimate, unchanged. */
export function metaVerdict(input: MetaVerdictInput): MetaVerdict {
  const { estimate, answer, ledger, limits, now } = input;
  const holds = (part: 'permission' | 'call' | 'request') => answer !== null && answerPartHolds(answer, part, ledger, now);
  const [permissionHolds, callHolds, requestHolds] = [holds('permission'), holds('call'), holds('request')];
  const permission = answer && permissionHolds ? permissionFromAnswer(estimate.permission, answer) : estimate.permission;

  let call: Part<QuotaView> = { refusals: estimate.call.refusals, quota: estimate.call };
  if (answer?.call && callHolds) call = applyAnswer(call, callDecided, answer, answer.call, 'call', (a) => (a.day ? quotaFrom(a.day) : estimate.call));
  else if (answer && permissionHolds) call = { ...call, refusals: permissionOnly(call.refusals, permission, answer, 'call') };

  const weekOf = (a: MetaAction) => ({ day: a.day ? quotaFrom(a.day) : estimate.request.day, week: a.week ? quotaFrom(a.week) : estimate.request.week });
  let request: Part<{ day: QuotaView; week: QuotaView }> = { refusals: estimate.request.refusals, quota: { day: estimate.request.day, week: estimate.request.week } };
  if (answer?.request && requestHolds) request = applyAnswer(request, requestDecided, answer, answer.request, 'request', weekOf);
  else if (answer && permissionHolds) request = { ...request, refusals: permissionOnly(request.refusals, permission, answer, 'request') };

  const holding = input.refusals.filter((f) => refusalHolds(f, answer, ledger, limits, now)).sort((a, b) => a.at - b.at);
  for (const fact of holding) {
    if (refusalBlocks(fact, 'call')) call = { ...call, refusals: applyRefusal(call.refusals, fact, limits) };
    if (refusalBlocks(fact, 'request')) request = { ...request, refusals: applyRefusal(request.refusals, fact, limits) };
  }

  const { used, max, windowMs, resetsAt, nextFreeAt } = call.quota;
  const eligibility: Eligibility = {
    ...estimate,
    permission,
    call: { used, max, windowMs, resetsAt, nextFreeAt, allowed: call.refusals.length === 0, refusals: call.refusals, nextPossibleAt: callNextPossibleAt(call.refusals, permission, now) },
    request: { ...estimate.request, ...request.quota, allowed: request.refusals.length === 0, refusals: request.refusals, nextPossibleAt: nextPossible(request.refusals, now) },
  };
  return {
    eligibility,
    basis: {
      permission: permissionHolds ? 'whatsapp' : 'ringside',
      calls: callHolds && answer?.call?.day ? 'whatsapp' : 'ringside',
      requests: requestHolds && (answer?.request?.day || answer?.request?.week) ? 'whatsapp' : 'ringside',
    },
    answerHolds: permissionHolds || callHolds || requestHolds,
    holdingRefusals: holding,
  };
}
