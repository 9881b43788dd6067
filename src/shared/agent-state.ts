/**
 * What an agent (or a trainer who takes calls) is doing, as the softphone, the supervisor's floor
 * and the trainer's classroom all show it. One derivation, from facts the server holds: an open
 * push channel, the chosen presence, calls held or ringing, and the after-call work window.
 */
// No zod here: the browser imports this module (the schemas live in agent-api.ts).

export const agentStates = ['available', 'away', 'ringing', 'on_call', 'wrap_up', 'offline'] as const;
export type AgentState = (typeof agentStates)[number];

/** Why an agent is away (Twilio Flex / Amazon Connect style reason codes). */
export const awayReasons = ['break', 'lunch', 'training', 'other'] as const;
export type AwayReason = (typeof awayReasons)[number];

export interface AgentStatus {
  state: AgentState;
  /** When the current state began (ISO). */
  since: string;
  /** Set while away. */
  awayReason: AwayReason | null;
  /** Set during after-call work: when it ends by itself (ISO). */
  wrapUpUntil: string | null;
}

export interface AgentStateInput {
  /** At least one open push channel on any instance. */
  online: boolean;
  presence: 'available' | 'away';
  /** A live call this agent holds (dialing, ringing the customer, or in progress). */
  onCall: boolean;
  /** An inbound call rings this agent. */
  ringing: boolean;
  /** End of after-call work, epoch ms; null when none. */
  wrapUpUntil: number | null;
  now: number;
}

/** The state, most specific first: offline, on a call, ringing, after-call work, away, available. */
export function deriveAgentState(i: AgentStateInput): AgentState {
  if (!i.online) return 'offline';
  if (i.onCall) return 'on_call';
  if (i.ringing) return 'ringing';
  if (i.wrapUpUntil !== null && i.now < i.wrapUpUntil) return 'wrap_up';
  return i.presence;
}

/** Whether a new inbound call may ring this agent now: one offer at a time, never during a call or after-call work. */
export const takesInboundCalls = (state: AgentState): boolean => state === 'available';

export const agentStateLabel: Record<AgentState, string> = {
  available: 'Available',
  away: 'Away',
  ringing: 'Ringing',
  on_call: 'On a call',
  wrap_up: 'After-call work',
  offline: 'Offline',
};

export const awayReasonLabel: Record<AwayReason, string> = { break: 'Break', lunch: 'Lunch', training: 'Training', other: 'Other' };
