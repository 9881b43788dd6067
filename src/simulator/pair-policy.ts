/**
 * Meta's calling policy on the simulator's side. Every "may this call / request happen" and the
 * `call_permissions` answer come from the shared pure module (`src/shared/policy/`), evaluated on
 * the pair's ledger at the simulator clock's now with the active profile. This module only
 * supplies the facts Meta knows (the number's tier and settings, the calls in progress) and turns
 * the policy's refusals into Graph errors, in Meta's validation order, with the policy's own text.
 */
import type { CallPermissionsResponse } from '../shared/meta-api.ts';
import { describeRefusal, type FormatTime } from '../shared/policy/describe.ts';
import type { Eligibility, QuotaView, Refusal } from '../shared/policy/eligibility.ts';
import { evaluatePair, type EvaluatePairInput } from '../shared/policy/evaluate.ts';
import type { PolicyProfile } from '../shared/policy/profiles.ts';
import { GraphError } from './graph-errors.ts';
import type { SimContext } from './sim-context.ts';
import { usesSip, type BusinessNumber, type World } from './world.ts';

/** "14:32 UTC": the time in refusal details (Meta's clients read them in any zone). */
export const formatUtcTime: FormatTime = (epochMs) => `${new Date(epochMs).toISOString().slice(11, 16)} UTC`;

/** What Meta knows about a pair apart from the clock and the calls in progress. */
export function pairFacts(world: World, profile: PolicyProfile, business: BusinessNumber, waId: string): Omit<EvaluatePairInput, 'now' | 'activeCalls'> {
  return {
    ledger: world.ledgers.entries(business.phoneNumberId, waId),
    profile,
    tier: business.profile,
    businessWaId: business.number,
    callingEnabled: business.calling.status === 'ENABLED',
    // Expired ones included: the policy ignores a restriction once its time is past.
    restrictions: business.restrictions.map((r) => ({ type: r.type, until: r.until })),
  };
}

/** The policy's input for a pair right now: its ledger, the active profile, live calls by direction. */
export function pairInput(ctx: SimContext, business: BusinessNumber, waId: string): EvaluatePairInput {
  return {
    ...pairFacts(ctx.world, ctx.policy.profile, business, waId),
    now: ctx.clock.now(),
    activeCalls: ctx.calls.inProgress(business.phoneNumberId),
  };
}

/** The pair's eligibility right now. */
export function evaluateNow(ctx: SimContext, business: BusinessNumber, waId: string): Eligibility {
  return evaluatePair(pairInput(ctx, business, waId));
}

/** A policy refusal as Meta's Graph error: its code, the policy's sentence in `error_data.details`. */
export function refusalError(refusal: Refusal): GraphError {
  // Only Ringside's view holds WhatsApp's own refusals (code possibly null); Meta's never does. 1 = Graph's unknown error.
  return new GraphError(refusal.code ?? 1, describeRefusal(refusal, formatUtcTime));
}

/** The number-wide refusals (country, restriction) that Meta checks before the receiver. */
const isGate = (refusal: Refusal) => refusal.code === 138013 || refusal.code === 138014;

/** 131055: the number takes calls over SIP, so Graph's `/calls` is not for it (reference §1). */
export function sipError(business: BusinessNumber): GraphError {
  return new GraphError(131055, `${business.number} has SIP enabled in its calling settings: calls go through its SIP server, not the Graph API.`);
}

/** 131030: a sandbox (test) number reaches only allow-listed recipients (reference §5). */
function allowListErrors(business: BusinessNumber, waId: string): GraphError[] {
  if (business.profile !== 'sandbox' || business.allowList.has(waId)) return [];
  return [new GraphError(131030, `${waId} is not in the allowed list of the test number ${business.number}. Add it to the number's recipients first.`)];
}

/**
 * `connect` in Meta's validation order (reference §10.3): 138000 → 131055 (SIP) → 138013 / 138014
 * → 131030 (test number's allow-list) → 138001 (receiver not on WhatsApp) → 138006 / 138012 (the
 * pair) → 138003 (a call with the user is ongoing) → 138002. The policy lists its refusals in that
 * order already; the facts it does not model slot in.
 */
export function checkConnect(ctx: SimContext, business: BusinessNumber, waId: string): void {
  const { refusals } = evaluateNow(ctx, business, waId).call;
  const concurrency = refusals.filter((r) => r.code === 138002);
  const ongoing = ctx.calls.ongoingWith(business.phoneNumberId, waId);
  const errors = [
    ...refusals.filter((r) => r.code === 138000).map(refusalError),
    ...(usesSip(business) ? [sipError(business)] : []),
    ...refusals.filter(isGate).map(refusalError),
    ...allowListErrors(business, waId),
    ...(ctx.world.isOnWhatsApp(waId) ? [] : [new GraphError(138001, `The receiver ${waId} cannot be called: the number is not on WhatsApp.`)]),
    ...refusals.filter((r) => !isGate(r) && r.code !== 138000 && r.code !== 138002).map(refusalError),
    ...(ongoing ? [new GraphError(138003, `A call with ${waId} is already in progress on this business phone number (${ongoing.id}).`)] : []),
    ...concurrency.map(refusalError),
  ];
  if (errors[0]) throw errors[0];
}

/**
 * A call permission request (`/messages`): 138000 → 138013 / 138014 → 131030 (test number's
 * allow-list) → 131026 (not on WhatsApp; Meta accepts and fails later, the simulator refuses at
 * once) → 138017 → 138009 (request limits, or the wait after a decline).
 */
export function checkPermissionRequest(ctx: SimContext, business: BusinessNumber, waId: string): void {
  const { refusals } = evaluateNow(ctx, business, waId).request;
  const first = (r: Refusal) => r.code === 138000 || isGate(r);
  const errors = [
    ...refusals.filter(first).map(refusalError),
    ...allowListErrors(business, waId),
    ...(ctx.world.isOnWhatsApp(waId) ? [] : [new GraphError(131026, `Message undeliverable: ${waId} is not on WhatsApp.`)]),
    ...refusals.filter((r) => !first(r)).map(refusalError),
  ];
  if (errors[0]) throw errors[0];
}

/**
 * Why WhatsApp would not place a call from the user to the business (calling disabled: no call
 * button; inbound concurrency: "can't place call", no webhook), or null when it rings.
 */
export function userCallRefusal(ctx: SimContext, business: BusinessNumber, waId: string): Refusal | null {
  return evaluateNow(ctx, business, waId).userCall.refusals[0] ?? null;
}

const seconds = (ms: number) => Math.floor(ms / 1000);

function limit(timePeriod: 'PT24H' | 'P7D', quota: QuotaView) {
  return {
    time_period: timePeriod,
    max_allowed: quota.max,
    current_usage: quota.used,
    // Reference §4.5: present only when the limit is exhausted.
    ...(quota.nextFreeAt === null ? {} : { limit_expiration_time: seconds(quota.nextFreeAt) }),
  };
}

/** `GET /call_permissions` in Meta's shape (reference §4.5). Uncallable numbers answer `no_permission`. */
export function callPermissionsView(ctx: SimContext, business: BusinessNumber, waId: string): CallPermissionsResponse {
  const eligibility = evaluateNow(ctx, business, waId);
  const { permission, request, call } = eligibility;
  const reachable = ctx.world.isOnWhatsApp(waId);
  const status = !reachable ? 'no_permission' : permission.state === 'temporary' || permission.state === 'permanent' ? permission.state : 'no_permission';
  return {
    messaging_product: 'whatsapp',
    permission: {
      status,
      ...(status === 'temporary' && permission.expiresAt !== null ? { expiration_time: seconds(permission.expiresAt) } : {}),
    },
    actions: [
      {
        action_name: 'send_call_permission_request',
        can_perform_action: reachable && request.allowed,
        limits: [limit('PT24H', request.day), limit('P7D', request.week)],
      },
      {
        action_name: 'start_call',
        can_perform_action: reachable && call.allowed,
        limits: [limit('PT24H', call)],
      },
    ],
  };
}
