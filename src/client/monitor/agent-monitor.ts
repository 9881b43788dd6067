/**
 * The agent's side of monitoring. When a supervisor opens a leg on the agent's call, this page
 * sends the call as the agent hears it and says it — the customer's audio and the agent's mic,
 * mixed with Web Audio — over a simple-peer connection to the supervisor's page. The supervisor's
 * voice (whisper, barge) plays here; on barge it is also mixed into what goes to Meta
 * (`CallTap.send`, i.e. `RTCRtpSender.replaceTrack`). The agent always sees who is on the line.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AgentEvent } from '../../shared/agent-api.ts';
import type { MonitorMode } from '../../shared/monitor-api.ts';
import { audioContext, monitorAudioLevel } from '../call/audio-level.ts';
import type { CallTap } from '../call/call-controller.ts';
import type { MonitorApi } from './monitor-api.ts';
import { openMonitorPeer, type MonitorPeer } from './peer.ts';

export interface AgentLegView { sessionId: string; callId: string; supervisorName: string; mode: MonitorMode; level: number }
export interface AgentMonitorState { legs: AgentLegView[] }

type MonitorEvent = Extract<AgentEvent, { type: 'monitor.started' | 'monitor.signal' | 'monitor.ended' }>;

export interface AgentMonitor {
  readonly store: StoreApi<AgentMonitorState>;
  handle(event: MonitorEvent): void;
  /** Ends every leg (the call ended, the page closes). */
  closeAll(): void;
}

interface Leg {
  view: AgentLegView;
  peer: MonitorPeer | null;
  early: Array<Record<string, unknown>>;
  stops: Array<() => void>;
  closed: boolean;
}

export function createAgentMonitor(deps: { tap: () => CallTap | null; api: Pick<MonitorApi, 'signal'>; report: (title: string, err: unknown) => void }): AgentMonitor {
  const store = createStore<AgentMonitorState>()(() => ({ legs: [] }));
  const legs = new Map<string, Leg>();
  const publish = () => store.setState({ legs: [...legs.values()].map((l) => l.view) });

  function close(sessionId: string) {
    const leg = legs.get(sessionId);
    if (!leg) return;
    leg.closed = true;
    legs.delete(sessionId);
    leg.stops.splice(0).reverse().forEach((stop) => stop());
    leg.peer?.destroy();
    publish();
  }

  /** The call as the agent hears and says it, one track. */
  function callMix(ac: AudioContext, tap: CallTap, leg: Leg): MediaStream {
    const out = ac.createMediaStreamDestination();
    for (const stream of [tap.remote, tap.mic]) {
      if (!stream || stream.getAudioTracks().length === 0) continue;
      const source = ac.createMediaStreamSource(stream);
      source.connect(out);
      leg.stops.push(() => source.disconnect());
    }
    return out.stream;
  }

  /** Barge: Meta gets the agent's mic and the supervisor together; the plain mic again when the leg ends. */
  function bargeIn(ac: AudioContext, tap: CallTap, voice: MediaStream, leg: Leg) {
    const out = ac.createMediaStreamDestination();
    const sources = [tap.mic, voice].filter((s): s is MediaStream => !!s && s.getAudioTracks().length > 0).map((s) => ac.createMediaStreamSource(s));
    sources.forEach((s) => s.connect(out));
    const mixed = out.stream.getAudioTracks()[0]!;
    void tap.send(mixed).catch((err) => deps.report('Could not bring the supervisor into the call', err));
    leg.stops.push(() => {
      sources.forEach((s) => s.disconnect());
      const mic = tap.mic?.getAudioTracks()[0];
      const current = deps.tap();
      if (mic && current?.callId === tap.callId) void current.send(mic).catch(() => undefined);
    });
  }

  function hearSupervisor(voice: MediaStream, leg: Leg, ac: AudioContext, tap: CallTap) {
    // Played here for whisper and barge alike: the agent always hears the supervisor.
    const audio = new Audio();
    audio.srcObject = voice;
    void audio.play().catch((err) => deps.report('The supervisor cannot be heard', err));
    leg.stops.push(() => { audio.srcObject = null; });
    leg.stops.push(monitorAudioLevel(voice, (level) => { leg.view = { ...leg.view, level }; publish(); }));
    if (leg.view.mode === 'barge') bargeIn(ac, tap, voice, leg);
  }

  async function start(event: Extract<MonitorEvent, { type: 'monitor.started' }>) {
    const { session } = event;
    const tap = deps.tap();
    const ac = audioContext();
    if (!tap || tap.callId !== session.callId || !ac) return;
    const leg: Leg = { view: { sessionId: session.id, callId: session.callId, supervisorName: session.supervisorName, mode: session.mode, level: 0 }, peer: null, early: [], stops: [], closed: false };
    legs.set(session.id, leg);
    publish();
    if (ac.state === 'suspended') await ac.resume().catch(() => undefined);
    try {
      const peer = await openMonitorPeer({
        initiator: true,
        stream: callMix(ac, tap, leg),
        onSignal: (signal) => void deps.api.signal(session.callId, session.id, signal).catch((err) => deps.report('Monitoring could not connect', err)),
        onStream: (voice) => !leg.closed && hearSupervisor(voice, leg, ac, tap),
        onClose: () => close(session.id),
        onError: (err) => {
          deps.report('Monitoring connection failed', err);
          close(session.id);
        },
      });
      if (leg.closed) return peer.destroy();
      leg.peer = peer;
      leg.early.splice(0).forEach((s) => peer.signal(s));
    } catch (err) {
      deps.report('Monitoring could not start', err);
      close(session.id);
    }
  }

  return {
    store,
    handle(event) {
      if (event.type === 'monitor.started') void start(event);
      else if (event.type === 'monitor.ended') close(event.sessionId);
      else if (event.from === 'supervisor') {
        const leg = legs.get(event.sessionId);
        if (!leg) return;
        if (leg.peer) leg.peer.signal(event.signal);
        else leg.early.push(event.signal);
      }
    },
    closeAll: () => [...legs.keys()].forEach(close),
  };
}
