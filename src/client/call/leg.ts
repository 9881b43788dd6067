/**
 * One call's media resources (peer session, microphone, level meter) and the helpers both directions
 * share. A leg is "current" until closed; every async step re-checks that, so a call that ended while
 * we awaited (hung up, taken, declined) never gets a mic attached or a state it no longer fits.
 */
import { callIdOf, type CallEvent, type CallState } from '../../shared/call.ts';
import type { PeerSession } from './peer-session.ts';
import { createRemoteMedia, type RemoteMediaWriter } from './remote-media.ts';
import type { CallControllerDeps } from './types.ts';

export interface Leg {
  callId: string | null;
  session: PeerSession | null;
  mic: MediaStream | null;
  /** User-initiated: our answer SDP, made when the call rings and sent to both pre-accept and accept. */
  answer: Promise<string> | null;
  closed: boolean;
  stops: Array<() => void>;
}

/** Why 4 s: long enough to read "Answered by Ben", short enough not to linger on the next shift of calls. */
export const BRIEF_MESSAGE_MS = 4000;

export interface CallContext {
  deps: CallControllerDeps;
  remote: RemoteMediaWriter;
  state(): CallState;
  dispatch(event: CallEvent): void;
  current(): Leg | null;
  openLeg(callId: string | null): Leg;
  isCurrent(leg: Leg): boolean;
  closeLeg(leg?: Leg | null): void;
  bindSession(leg: Leg, session: PeerSession): void;
  /** Hands a microphone stream back when no call needs it (kept warm, or stopped). */
  returnMic(stream: MediaStream): void;
  report(title: string, err: unknown): void;
  /** Clears the ended state after a moment (taken, declined by me), unless something else happened. */
  dismissSoon(): void;
  dispose(): void;
}

export function createCallContext(deps: CallControllerDeps): CallContext {
  const remote = createRemoteMedia();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let leg: Leg | null = null;

  const ctx: CallContext = {
    deps,
    remote,
    state: () => deps.store.getState().call,
    dispatch: (event) => deps.store.getState().dispatch(event),
    current: () => leg,
    openLeg(callId) {
      ctx.closeLeg();
      leg = { callId, session: null, mic: null, answer: null, closed: false, stops: [] };
      return leg;
    },
    isCurrent: (l) => l === leg && !l.closed,
    closeLeg(target = leg) {
      if (!target || target.closed) return;
      target.closed = true;
      target.stops.forEach((stop) => stop());
      target.session?.close();
      if (target.mic) ctx.returnMic(target.mic);
      if (target === leg) {
        leg = null;
        remote.set({ stream: null, level: 0 });
      }
    },
    bindSession(l, session) {
      l.session = session;
      l.stops.push(
        session.onRemoteStream((stream) => {
          if (!ctx.isCurrent(l)) return;
          remote.set({ stream });
          l.stops.push(deps.media.monitorLevel(stream, (level) => ctx.isCurrent(l) && remote.set({ level })));
        }),
        session.onFailed(() => ctx.report('Audio connection lost', new Error('The network path to WhatsApp failed.'))),
      );
    },
    returnMic: (stream) => (deps.media.keepMic ? deps.media.keepMic(stream) : stream.getTracks().forEach((t) => t.stop())),
    report: (title, err) => (deps.report ? deps.report(title, err) : console.error(title, err)),
    dismissSoon() {
      const ended = ctx.state();
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (ctx.state() === ended) ctx.dispatch({ type: 'DISMISS' });
      }, BRIEF_MESSAGE_MS);
      timers.add(timer);
    },
    dispose() {
      timers.forEach(clearTimeout);
      timers.clear();
      ctx.closeLeg();
    },
  };
  return ctx;
}

/** The call id of the state, for guards. */
export const currentCallId = (ctx: CallContext) => callIdOf(ctx.state());
