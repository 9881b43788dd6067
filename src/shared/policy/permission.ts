/**
 * The pair's permission and unanswered streak, derived from a normalised ledger (see
 * `normalizeLedger`: deduplicated, sorted, nothing after `now`).
 */
import type { PermissionView, StreakView } from './eligibility.ts';
import type { LedgerEntry, PermissionReplied } from './ledger.ts';
import type { PolicyProfile, TierLimits } from './profiles.ts';

/** The permission and streak of a pair, plus the facts the request rules need. */
export interface PermissionFacts {
  permission: PermissionView;
  streak: StreakView;
  /** The latest decline by the customer (a `reject` with `source: 'user_action'`). */
  lastDeclineAt: number | null;
}

interface Grant {
  state: PermissionView['state'];
  grantedAt: number | null;
  expiresAt: number | null;
  endedAt: number | null;
  source: PermissionView['source'];
  origin: PermissionView['origin'];
}

/** Entries recorded before origins were kept: an automatic accept is still known to be a callback grant. */
function originOf(reply: PermissionReplied): PermissionView['origin'] {
  return reply.origin ?? (reply.source === 'automatic' ? 'callback' : null);
}

/**
 * Folds the replies in time order; the latest reply decides, with one exception: a temporary
 * accept (e.g. an automatic callback grant) does not narrow an existing permanent permission.
 */
function foldReplies(replies: readonly PermissionReplied[], profile: PolicyProfile): Grant {
  let grant: Grant = { state: 'none', grantedAt: null, expiresAt: null, endedAt: null, source: null, origin: null };
  for (const reply of replies) {
    if (reply.response === 'reject') {
      // A user_action reject is a decline; an automatic one is WhatsApp's revoke (reference §4.4).
      const state = reply.source === 'automatic' ? 'revoked' : 'declined';
      grant = { state, grantedAt: grant.grantedAt, expiresAt: null, endedAt: reply.at, source: reply.source, origin: grant.origin };
    } else if (reply.permanent) {
      grant = { state: 'permanent', grantedAt: reply.at, expiresAt: null, endedAt: null, source: reply.source, origin: originOf(reply) };
    } else if (grant.state !== 'permanent') {
      // Seed guide: "call them … anytime within 7 days of their approval". Meta's own
      // expiration_timestamp wins when the reply carried it.
      const expiresAt = reply.expiresAt ?? reply.at + profile.temporaryPermissionMs;
      grant = { state: 'temporary', grantedAt: reply.at, expiresAt, endedAt: null, source: reply.source, origin: originOf(reply) };
    }
  }
  return grant;
}

/**
 * The streak counts business-initiated calls left unanswered (or rejected) after the latest of:
 * the last connected business-initiated call, the latest accept of any kind (a new grant restarts
 * it). User-initiated calls neither break nor extend it: the seed rule speaks of the calls the
 * business makes. Returns the counted calls' times.
 */
function unansweredSince(entries: readonly LedgerEntry[]): { since: number | null; times: number[] } {
  let since: number | null = null;
  let times: number[] = [];
  for (const entry of entries) {
    const resets = (entry.type === 'call_connected' && entry.direction === 'business_initiated')
      || (entry.type === 'permission_replied' && entry.response === 'accept');
    if (resets) {
      since = entry.at;
      times = [];
    } else if (entry.type === 'call_unanswered' && (since === null || entry.at > since)) {
      times.push(entry.at);
    }
  }
  return { since, times };
}

function streakView(count: number, since: number | null, limits: TierLimits): StreakView {
  const { reconsider, revoke } = limits.unanswered;
  return {
    count,
    reconsiderThreshold: reconsider,
    revokeThreshold: revoke,
    since,
    reconsiderSent: count >= reconsider,
    revoked: count >= revoke,
    nextUnansweredRevokes: count + 1 === revoke,
  };
}

/**
 * The latest request, unless the customer replied since. Meta's reply timestamps are whole seconds,
 * so a reply stamped in the request's own second counts as after it.
 */
function pendingRequestAt(entries: readonly LedgerEntry[], now: number, profile: PolicyProfile): number | null {
  const latest = entries.filter((entry) => entry.type === 'permission_requested').at(-1)?.at;
  if (latest === undefined) return null;
  const sentSecond = latest - (latest % 1000);
  const answered = entries.some((entry) => entry.type === 'permission_replied' && entry.source === 'user_action' && entry.at >= sentSecond);
  // Reference §4.1: a request expires 7 days after delivery without a response.
  return !answered && now < latest + profile.requestLifetimeMs ? latest : null;
}

/**
 * The permission state at `now` and the unanswered streak. Expiry is derived from time (Meta sends
 * no webhook): a temporary permission is valid while `now < expiresAt`, so it is gone exactly
 * 7 days after approval. When the streak reaches the tier's revoke threshold the permission is
 * revoked at that call, even before the automatic reject reply is in the ledger, so the simulator
 * and the server agree the moment the threshold is hit.
 */
export function derivePermission(entries: readonly LedgerEntry[], now: number, profile: PolicyProfile, limits: TierLimits): PermissionFacts {
  const replies = entries.filter((entry): entry is PermissionReplied => entry.type === 'permission_replied');
  const grant = foldReplies(replies, profile);
  const { since, times } = unansweredSince(entries);
  const streak = streakView(times.length, since, limits);
  const revokedAt = times[limits.unanswered.revoke - 1];

  let permission: PermissionView = { ...grant, pendingRequestAt: pendingRequestAt(entries, now, profile) };
  const live = grant.state === 'permanent' || grant.state === 'temporary';
  if (live && revokedAt !== undefined && (grant.expiresAt === null || revokedAt < grant.expiresAt)) {
    permission = { ...permission, state: 'revoked', expiresAt: null, endedAt: revokedAt, source: 'automatic' };
  } else if (grant.state === 'temporary' && grant.expiresAt !== null && now >= grant.expiresAt) {
    permission = { ...permission, state: 'expired', endedAt: grant.expiresAt };
  }

  const declines = replies.filter((reply) => reply.response === 'reject' && reply.source === 'user_action');
  const callable = permission.state === 'temporary' || permission.state === 'permanent';
  return {
    permission,
    streak: { ...streak, nextUnansweredRevokes: streak.nextUnansweredRevokes && callable },
    lastDeclineAt: declines.at(-1)?.at ?? null,
  };
}
