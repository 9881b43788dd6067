/**
 * The supervisor's side of monitoring: one leg at a time. Listen receives the agent's mix and asks
 * for no microphone; whisper and barge also send the supervisor's mic (the agent's page decides
 * who hears it). Changing mode opens a new leg (the server ends the old one, both audited).
 * Audio starts from the supervisor's click; a play() the browser blocks is reported as `blocked`
 * with a way to start it.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AgentEvent } from '../../shared/agent-api.ts';
import type { MonitorMode } from '../../shared/monitor-api.ts';
import { monitorAudioLevel, unlockAudio } from '../call/audio-level.ts';
import type { MonitorApi } from './monitor-api.ts';
import { openMonitorPeer, type MonitorPeer } from './peer.ts';

export interface MonitorTarget { callId: string; contactName: string; agentName: string }

export interface SupervisorLegView extends MonitorTarget {
  mode: MonitorMode;
  status: 'connecting' | 'live' | 'blocked' | 'failed';
  /** What the supervisor hears, 0–100. */
  level: number;
  problem: string | null;
}
export interface SupervisorMonitorState { leg: SupervisorLegView | null }

type MonitorEvent = Extract<AgentEvent, { type: 'monitor.started' | 'monitor.signal' | 'monitor.ended' | 'call.ended' }>;

export interface SupervisorMonitor {
  readonly store: StoreApi<SupervisorMonitorState>;
  /** Call from the click: it is what lets the audio play. */
  start(target: MonitorTarget, mode: MonitorMode): Promise<void>;
  stop(): Promise<void>;
  /** Retries a blocked play() from a click. */
  playAudio(): void;
  handle(event: MonitorEvent): void;
  dispose(): void;
}

interface Leg {
  target: MonitorTarget;
  sessionId: string | null;
  peer: MonitorPeer | null;
  mic: MediaStream | null;
  early: Array<{ sessionId: string; signal: Record<string, unknown> }>;
  stops: Array<() => void>;
  closed: boolean;
}

export interface SupervisorMonitorDeps {
  api: MonitorApi;
  getMic: () => Promise<MediaStream>;
  report: (title: string, err: unknown) => void;
}

export function createSupervisorMonitor(deps: SupervisorMonitorDeps): SupervisorMonitor {
  const store = createStore<SupervisorMonitorState>()(() => ({ leg: null }));
  const audio = typeof Audio === 'undefined' ? null : new Audio();
  let leg: Leg | null = null;
  const patch = (p: Partial<SupervisorLegView>) => {
    const view = store.getState().leg;
    if (view) store.setState({ leg: { ...view, ...p } });
  };

  function closeLocal(target = leg) {
    if (!target || target.closed) return;
    target.closed = true;
    target.stops.splice(0).forEach((stop) => stop());
    target.peer?.destroy();
    target.mic?.getTracks().forEach((t) => t.stop());
    if (target === leg) {
      leg = null;
      if (audio) audio.srcObject = null;
      store.setState({ leg: null });
    }
  }

  function play() {
    if (!audio) return;
    audio.play().then(() => patch({ status: 'live', problem: null }), (err: unknown) => {
      const blocked = err instanceof DOMException && err.name === 'NotAllowedError';
      patch(blocked
        ? { status: 'blocked', problem: 'Your browser blocked the audio until you interact with the page. Press "Play audio" to hear the call.' }
        : { status: 'failed', problem: 'The call audio could not be played.' });
    });
  }

  async function connect(l: Leg, sessionId: string, first: Record<string, unknown>) {
    const peer = await openMonitorPeer({
      initiator: false,
      stream: l.mic,
      onSignal: (signal) => void deps.api.signal(l.target.callId, sessionId, signal).catch((err) => deps.report('Monitoring could not connect', err)),
      onStream(stream) {
        if (l.closed || !audio) return;
        audio.srcObject = stream;
        play();
        l.stops.push(monitorAudioLevel(stream, (level) => l === leg && patch({ level })));
      },
      onClose: () => l === leg && !l.closed && patch({ status: 'failed', problem: 'The connection to the agent closed.' }),
      onError: (err) => {
        if (l !== leg || l.closed) return;
        patch({ status: 'failed', problem: 'The connection to the agent failed.' });
        deps.report('Monitoring connection failed', err);
      },
    });
    if (l.closed) return peer.destroy();
    l.peer = peer;
    peer.signal(first);
  }

  function onSignal(sessionId: string, signal: Record<string, unknown>) {
    const l = leg;
    if (!l) return;
    if (l.sessionId === null) {
      l.early.push({ sessionId, signal });
      return;
    }
    if (l.sessionId !== sessionId) return;
    if (l.peer) l.peer.signal(signal);
    else void connect(l, sessionId, signal).catch((err) => deps.report('Monitoring could not start', err));
  }

  return {
    store,
    async start(target, mode) {
      unlockAudio();
      // Inside the click: a play() now counts as user-initiated, so the stream can play when it arrives.
      void audio?.play().catch(() => undefined);
      if (leg) closeLocal(leg);
      const l: Leg = { target, sessionId: null, peer: null, mic: null, early: [], stops: [], closed: false };
      leg = l;
      store.setState({ leg: { ...target, mode, status: 'connecting', level: 0, problem: null } });
      try {
        // Listening never asks for a microphone.
        if (mode !== 'listen') l.mic = await deps.getMic();
        const { sessionId } = await deps.api.start(target.callId, mode);
        if (l.closed) return void deps.api.stop(target.callId, sessionId).catch(() => undefined);
        l.sessionId = sessionId;
        l.early.splice(0).filter((e) => e.sessionId === sessionId).forEach((e) => onSignal(e.sessionId, e.signal));
      } catch (err) {
        if (l === leg) patch({ status: 'failed', problem: err instanceof Error ? err.message : 'Monitoring could not start.' });
        l.mic?.getTracks().forEach((t) => t.stop());
        l.mic = null;
      }
    },
    async stop() {
      const l = leg;
      if (!l) return;
      closeLocal(l);
      if (l.sessionId) await deps.api.stop(l.target.callId, l.sessionId).catch((err) => deps.report('Could not stop monitoring', err));
    },
    playAudio: play,
    handle(event) {
      if (event.type === 'monitor.signal') {
        if (event.from === 'agent') onSignal(event.sessionId, event.signal);
      } else if (event.type === 'monitor.ended') {
        if (leg?.sessionId === event.sessionId) closeLocal();
      } else if (event.type === 'call.ended') {
        if (leg?.target.callId === event.call.id) closeLocal();
      }
    },
    dispose: () => closeLocal(),
  };
}
