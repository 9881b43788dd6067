/**
 * The simulated WhatsApp user's phone, as plain TS: the simulator's snapshot (each push event carries
 * a full one), the media leg, and the person's intents. React reads `store` and `remote`.
 */
import { createStore } from 'zustand/vanilla';
import type { PhoneCall, PhoneEvent, PhoneSnapshot } from '../../../shared/sim-api.ts';
import { createRemoteMedia } from '../../call/remote-media.ts';
import { openEventStream, parseJsonData, type LinkStatus } from '../../lib/event-stream.ts';
import { shapeProblem } from '../../lib/shape.ts';
import { openPhoneLeg, type PhoneLeg } from './phone-peer.ts';
import { phoneEventNames, phoneEventShape } from './phone-shapes.ts';
import type { PermissionResponse, SimClient } from './sim-client.ts';

export interface PhoneState {
  snapshot: PhoneSnapshot | null;
  /** Local clock minus the simulator's clock at the last snapshot, to run call timers. */
  clockOffset: number;
  link: LinkStatus;
  loadError: string | null;
  /** What is in flight, e.g. `call:<pnid>`, `accept:<callId>`, `reply:<requestId>`. */
  busy: string | null;
  muted: boolean;
  /** The last call that ended while this page watched, until dismissed or the next call. */
  lastEnded: PhoneCall | null;
}

export interface PhoneDeps {
  sim: SimClient;
  getMic: () => Promise<MediaStream>;
  monitorLevel: (stream: MediaStream, onLevel: (level: number) => void) => () => void;
  unlock?: () => void;
  report: (title: string, err: unknown) => void;
}


/** The call the phone's screen is about: the one not yet ended. */
export const liveCall = (snapshot: PhoneSnapshot | null) => snapshot?.calls.find((c) => c.state !== 'ended') ?? null;

export function createPhoneController(deps: PhoneDeps) {
  const store = createStore<PhoneState>()(() => ({ snapshot: null, clockOffset: 0, link: 'connecting', loadError: null, busy: null, muted: false, lastEnded: null }));
  const remote = createRemoteMedia();
  let leg: (PhoneLeg & { callId: string; seen: boolean; stops: Array<() => void> }) | null = null;

  function closeLeg() {
    if (!leg) return;
    leg.stops.forEach((stop) => stop());
    leg.session.close();
    leg.mic.getTracks().forEach((t) => t.stop());
    leg = null;
    remote.set({ stream: null, level: 0 });
    store.setState({ muted: false });
  }

  function applySnapshot(snapshot: PhoneSnapshot) {
    const before = store.getState().snapshot;
    const justEnded = snapshot.calls.find((c) => c.state === 'ended' && before?.calls.some((p) => p.call_id === c.call_id && p.state !== 'ended'));
    const started = liveCall(snapshot) && !liveCall(before);
    store.setState({
      snapshot,
      clockOffset: Date.now() - snapshot.now,
      loadError: null,
      ...(justEnded ? { lastEnded: justEnded } : started ? { lastEnded: null } : {}),
    });
    if (!leg) return;
    const call = snapshot.calls.find((c) => c.call_id === leg?.callId);
    if (call && call.state !== 'ended') leg.seen = true;
    else if (call || leg.seen) closeLeg();
  }

  async function refresh() {
    try {
      applySnapshot(await deps.sim.getPhone());
    } catch (err) {
      store.setState({ loadError: err instanceof Error ? err.message : 'The simulator did not answer.' });
    }
  }

  async function withMedia(callId: string) {
    const opened = await openPhoneLeg(deps.sim, callId, deps.getMic);
    closeLeg();
    const current = { ...opened, callId, seen: false, stops: [] as Array<() => void> };
    leg = current;
    current.stops.push(
      opened.session.onRemoteStream((stream) => {
        if (leg !== current) return;
        remote.set({ stream });
        current.stops.push(deps.monitorLevel(stream, (level) => leg === current && remote.set({ level })));
      }),
    );
  }

  async function act(busy: string, title: string, work: () => Promise<unknown>) {
    deps.unlock?.();
    store.setState({ busy });
    try {
      await work();
    } catch (err) {
      deps.report(title, err);
    } finally {
      if (store.getState().busy === busy) store.setState({ busy: null });
    }
  }

  return {
    store,
    remote,
    /** Loads the snapshot and follows the push stream; returns the stop function. */
    start(): () => void {
      void refresh();
      const stop = openEventStream(deps.sim.eventsUrl, {
        eventNames: phoneEventNames,
        onStatus: (link) => store.setState({ link }),
        onOpen: (reconnected) => reconnected && void refresh(),
        onData(raw) {
          const event = parseJsonData(raw, 'phone-events');
          const problem = shapeProblem<PhoneEvent>(event, phoneEventShape);
          if (problem === null) applySnapshot((event as PhoneEvent).snapshot);
          else console.warn('phone-events: unexpected event', problem);
        },
      });
      return () => {
        stop();
        closeLeg();
      };
    },
    callBusiness: (phoneNumberId: string) =>
      act(`call:${phoneNumberId}`, 'Could not place the call', async () => {
        const { call_id } = await deps.sim.startCall(phoneNumberId);
        try {
          await withMedia(call_id);
        } catch (err) {
          await deps.sim.hangUp(call_id).catch(() => undefined);
          throw err;
        }
      }),
    accept: (callId: string) =>
      act(`accept:${callId}`, 'Could not answer the call', async () => {
        await withMedia(callId);
        try {
          await deps.sim.answer(callId);
        } catch (err) {
          closeLeg();
          throw err;
        }
      }),
    decline: (callId: string) => act(`decline:${callId}`, 'Could not decline the call', () => deps.sim.decline(callId)),
    hangUp: (callId: string) =>
      act(`hangup:${callId}`, 'Could not hang up', () => {
        closeLeg();
        return deps.sim.hangUp(callId);
      }),
    toggleMute() {
      if (!leg) return;
      const muted = !store.getState().muted;
      leg.mic.getAudioTracks().forEach((t) => (t.enabled = !muted));
      store.setState({ muted });
    },
    reply: (requestId: string, response: PermissionResponse) =>
      act(`reply:${requestId}`, 'Could not send your answer', () => deps.sim.replyPermission(requestId, response)),
    dismissEnded: () => store.setState({ lastEnded: null }),
    retry: () => void refresh(),
  };
}

export type PhoneController = ReturnType<typeof createPhoneController>;
