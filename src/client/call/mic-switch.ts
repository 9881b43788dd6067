/**
 * Moves a call to another microphone without renegotiating: a new stream from `getMic` (which opens
 * the device now chosen), its track swapped in with `RTCRtpSender.replaceTrack`, the old one stopped.
 * Mute carries over. While an inbound call is being accepted the mic is attached by `accept()`
 * itself, so a switch then waits for the call to be active.
 */
import type { CallContext } from './leg.ts';

export async function switchMic(ctx: CallContext): Promise<void> {
  const leg = ctx.current();
  const status = ctx.state().status;
  if (!leg?.mic || status === 'accepting') return;
  const old = leg.mic;
  let fresh: MediaStream;
  try {
    fresh = await ctx.deps.media.getMic();
  } catch (err) {
    ctx.report('Could not switch the microphone', err);
    return;
  }
  if (!ctx.isCurrent(leg) || leg.mic !== old) {
    ctx.returnMic(fresh);
    return;
  }
  const state = ctx.state();
  const track = fresh.getAudioTracks()[0];
  if (track) track.enabled = !(state.status === 'active' && state.muted);
  leg.mic = fresh;
  // An inbound call sends only once active; an outbound one sends from the offer on.
  const sending = state.status === 'active' || state.status === 'outgoing' || state.status === 'dialing';
  try {
    if (sending && track && leg.session) await leg.session.attachMic(track);
  } catch (err) {
    ctx.report('Could not switch the microphone', err);
  }
  old.getTracks().forEach((t) => t.stop());
}
