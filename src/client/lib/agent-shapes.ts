/**
 * What the browser checks of the agent API's answers (shape.ts): every object the UI dereferences
 * and the fields it branches on. Typed against `shared/agent-api.ts`, so these cannot drift from it.
 */
import type { AgentEvent, AgentEventType, BusinessNumber, CallSummary, ClientConfig, Contact, Me, Session, TimelineItem } from '../../shared/agent-api.ts';
import type { QuotaView, Refusal } from '../../shared/policy/eligibility.ts';
import type { AppErrorBody } from '../../shared/errors.ts';
import { orNull, type Shape } from './shape.ts';

export const meShape: Shape<Me> = {
  id: 'string', username: 'string', displayName: 'string', role: 'string', presence: 'string',
  status: { state: 'string', since: 'string', awayReason: 'string?', wrapUpUntil: 'string?' },
};

export const sessionShape: Shape<Session> = { me: orNull(meShape) };

export const configShape: Shape<ClientConfig> = {
  mode: 'string',
  simulatorUrl: 'string?',
  demoAccounts: [{ username: 'string', password: 'string', role: 'string', displayName: 'string' }],
  policyProfile: { id: 'string', label: 'string' },
};

export const businessNumberShape: Shape<BusinessNumber> = { id: 'string', displayNumber: 'string', label: 'string', profile: 'string', country: 'string?' };

const quotaShape: Shape<QuotaView> = { used: 'number', max: 'number', windowMs: 'number', resetsAt: 'number?', nextFreeAt: 'number?' };
const refusalsShape: readonly [Shape<Refusal>] = [{ code: 'number?', reason: 'string', until: 'number?' }];

export const contactShape: Shape<Contact> = {
  waId: 'string',
  name: 'string',
  displayNumber: 'string',
  permission: { status: 'string', expiresAt: 'string?' },
  eligibility: {
    now: 'number',
    businessCountry: 'string?',
    permission: { state: 'string', expiresAt: 'number?', pendingRequestAt: 'number?' },
    call: { ...quotaShape, allowed: 'boolean', refusals: refusalsShape, nextPossibleAt: 'number?' },
    request: { allowed: 'boolean', refusals: refusalsShape, day: quotaShape, week: quotaShape, declineWaitUntil: 'number?', nextPossibleAt: 'number?', via: 'string' },
    userCall: { allowed: 'boolean', refusals: refusalsShape },
    concurrency: { inbound: { active: 'number', max: 'number' }, outbound: { active: 'number', max: 'number' } },
    streak: { count: 'number', reconsiderThreshold: 'number', revokeThreshold: 'number', reconsiderSent: 'boolean', revoked: 'boolean', nextUnansweredRevokes: 'boolean' },
  },
  meta: 'object?',
  serviceWindowOpenUntil: 'string?',
};

export const callSummaryShape: Shape<CallSummary> = {
  id: 'string',
  direction: 'string',
  businessNumberId: 'string',
  waId: 'string',
  contactName: 'string',
  displayNumber: 'string',
  status: 'string',
  startedAt: 'string',
  durationSeconds: 'number?',
  outcome: 'string?',
  endMessage: 'string?',
  errorCode: 'number?',
  agentId: 'string?',
  agentName: 'string?',
  disposition: 'string?',
  notes: 'string?',
  context: 'object?',
};

/** A timeline line: its kind and time; a call line also carries the call. */
export const timelineItemShape: Shape<TimelineItem> = { kind: 'string', at: 'string' };

export const errorBodyShape: Shape<{ error: AppErrorBody }> = { error: { code: 'string', message: 'string', metaCode: 'number?', details: 'string?' } };

/** One shape per push event; the keys are also the SSE event names to listen for. */
export const agentEventShapes: { [K in AgentEventType]: Shape<Extract<AgentEvent, { type: K }>> } = {
  hello: { me: meShape },
  'call.incoming': { call: callSummaryShape, offerSdp: 'string' },
  'call.answer': { callId: 'string', sdp: 'string' },
  'call.updated': { call: callSummaryShape },
  'call.claimed': { callId: 'string', agentId: 'string', agentName: 'string' },
  'call.ended': { call: callSummaryShape },
  'contact.updated': { waId: 'string', businessNumberId: 'string' },
  'contacts.reset': {},
  'agent.updated': { agent: { id: 'string', displayName: 'string', role: 'string', status: { state: 'string', since: 'string' } } },
  'queue.updated': { waiting: 'number' },
  'call.quality': { callId: 'string', quality: { last: 'object', worst: 'object', average: 'object', samples: 'number' } },
  'business-number.updated': { businessNumberId: 'string' },
  'training.timeline': { entry: { id: 'number', at: 'string', direction: 'string', kind: 'string', caption: 'string', callId: 'string?', waId: 'string?', businessNumberId: 'string?' } },
  'monitor.started': { session: { id: 'string', callId: 'string', mode: 'string', supervisorId: 'string', supervisorName: 'string', agentId: 'string' } },
  'monitor.signal': { sessionId: 'string', callId: 'string', from: 'string', signal: 'object' },
  'monitor.ended': { sessionId: 'string', callId: 'string' },
};
