/**
 * A contact as the agent API sends it, built from the pair's decision: our estimate, WhatsApp's
 * facts (`policy/meta-facts.ts`) and the verdict that combines them (`policy/meta-verdict.ts`).
 * Pure, so the server and the client's component tests build contacts the same way.
 */
import type { Contact, MetaPermissionView, MetaRefusalView } from './agent-api.ts';
import { agentPermissionStatus, type Eligibility } from './policy/eligibility.ts';
import type { MetaAnswer, MetaRefusalFact } from './policy/meta-facts.ts';
import type { MetaVerdict } from './policy/meta-verdict.ts';

export interface ContactParts {
  waId: string;
  name: string;
  /** As the agent reads it (formatted by the server: the browser has no phone-number library). */
  displayNumber: string;
  country: string | null;
  /** Ringside's estimate, before WhatsApp's facts. */
  estimate: Eligibility;
  verdict: MetaVerdict;
  /** WhatsApp's latest readable answer, its latest unreadable one, its latest refusals. */
  answer: MetaAnswer | null;
  unreadable: { fetchedAt: number; problem: string } | null;
  refusals: readonly MetaRefusalFact[];
  serviceWindowOpenUntil: number | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function answerView(answer: MetaAnswer, holds: boolean): MetaPermissionView {
  const limit = answer.call?.day ?? null;
  return {
    fetchedAt: new Date(answer.at).toISOString(), status: answer.permission.status, expiresAt: iso(answer.permission.expiresAt),
    canCall: answer.call?.allowed ?? false, canRequest: answer.request?.allowed ?? false,
    callsUsed: limit?.used ?? null, callsMax: limit?.max ?? null, callLimitResetsAt: iso(limit?.freesAt ?? null),
    holds,
  };
}

/** The most recent refusal of either action, and whether it still decides. */
function refusalView(refusals: readonly MetaRefusalFact[], holding: readonly MetaRefusalFact[]): MetaRefusalView | null {
  const latest = [...refusals].sort((a, b) => b.at - a.at)[0];
  if (!latest) return null;
  return { at: new Date(latest.at).toISOString(), action: latest.action, code: latest.code, metaMessage: latest.message, holds: holding.includes(latest) };
}

export function buildContact(parts: ContactParts): Contact {
  const { eligibility } = parts.verdict;
  const permission = eligibility.permission;
  const e = parts.estimate;
  return {
    waId: parts.waId, name: parts.name, displayNumber: parts.displayNumber, country: parts.country,
    permission: { status: agentPermissionStatus(permission), expiresAt: iso(permission.expiresAt), updatedAt: iso(permission.grantedAt) },
    eligibility,
    basis: parts.verdict.basis,
    estimate: { permission: e.permission.state, canCall: e.call.allowed, canRequest: e.request.allowed, callsUsed: e.call.used, callsMax: e.call.max },
    meta: parts.answer ? answerView(parts.answer, parts.verdict.answerHolds) : null,
    metaUnreadable: parts.unreadable ? { fetchedAt: new Date(parts.unreadable.fetchedAt).toISOString(), problem: parts.unreadable.problem } : null,
    metaRefusal: refusalView(parts.refusals, parts.verdict.holdingRefusals),
    serviceWindowOpenUntil: iso(parts.serviceWindowOpenUntil),
  };
}
