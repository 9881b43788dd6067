/**
 * The floor's live part as plain data: calls ringing or in progress and agents' states, loaded
 * from the snapshot and then kept current by push events (`call.updated`, `call.ended`,
 * `call.quality`, `agent.updated`). Many events in one tick bump `version` once, so a table of
 * 2,000 calls re-sorts once per batch, not once per event.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AgentSummary, CallSummary } from '../../../shared/agent-api.ts';
import type { CallQuality } from '../../../shared/call-quality.ts';
import type { FloorAgent, FloorSnapshot } from '../../../shared/floor-api.ts';

export interface FloorState {
  calls: Map<string, CallSummary>;
  agents: Map<string, FloorAgent>;
  /** WhatsApp's clock minus this browser's: call times are on WhatsApp's clock. */
  skewMs: number;
  /** Bumped on every change of `calls`, for memoised sorting. */
  version: number;
}

export type FloorChange =
  | { type: 'call'; call: CallSummary }
  | { type: 'quality'; callId: string; quality: CallQuality }
  | { type: 'agent'; agent: AgentSummary };

export interface FloorStore extends StoreApi<FloorState> {
  load(snapshot: Pick<FloorSnapshot, 'calls' | 'agents' | 'serverNow'>, browserNow?: number): void;
  apply(changes: readonly FloorChange[]): void;
}

export function createFloorStore(): FloorStore {
  const store = createStore<FloorState>()(() => ({ calls: new Map(), agents: new Map(), skewMs: 0, version: 0 }));
  return Object.assign(store, {
    load(snapshot: Pick<FloorSnapshot, 'calls' | 'agents' | 'serverNow'>, browserNow = Date.now()) {
      store.setState((s) => ({
        calls: new Map(snapshot.calls.map((c) => [c.id, c])),
        agents: new Map(snapshot.agents.map((a) => [a.id, a])),
        skewMs: Date.parse(snapshot.serverNow) - browserNow,
        version: s.version + 1,
      }));
    },
    apply(changes: readonly FloorChange[]) {
      store.setState((s) => {
        const calls = new Map(s.calls);
        let agents = s.agents;
        for (const change of changes) {
          if (change.type === 'call') {
            if (change.call.status === 'ended') calls.delete(change.call.id);
            else calls.set(change.call.id, change.call);
          } else if (change.type === 'quality') {
            const call = calls.get(change.callId);
            if (call) calls.set(call.id, { ...call, quality: change.quality });
          } else {
            if (agents === s.agents) agents = new Map(s.agents);
            const known = agents.get(change.agent.id);
            agents.set(change.agent.id, { callsToday: 0, handleSecondsToday: 0, ...known, ...change.agent });
          }
        }
        return { calls, agents, version: s.version + 1 };
      });
    },
  });
}

/** Collects changes and applies them together, about once a frame (a timer, not rAF: background tabs stop rAF). */
export function batchedApply(store: FloorStore, schedule: (run: () => void) => void = (run) => setTimeout(run, 16)): (change: FloorChange) => void {
  let pending: FloorChange[] = [];
  return (change) => {
    if (pending.length === 0) schedule(() => {
      const changes = pending;
      pending = [];
      store.apply(changes);
    });
    pending.push(change);
  };
}
