import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/errors.ts';
import { BRIEF_MESSAGE_MS } from './leg.ts';
import { createCallController } from './call-controller.ts';
import { createFakes, deferred, fakeMic, fakeSdp, flush, summary } from './testing/fakes.ts';

const ana = { waId: '5511912345678', name: 'Ana Souza', displayNumber: '+55 11 91234 5678', businessNumberId: 'bn-1' };
const hello = { type: 'hello', me: { id: 'agent-1', username: 'ana.agent', displayName: 'Ana Agent', role: 'agent', presence: 'available', status: { state: 'available', since: '2026-11-22T10:00:00.000Z', awayReason: null, wrapUpUntil: null } } } as const;

afterEach(() => {
  vi.useRealTimers();
});

describe('business-initiated call', () => {
  it('dials: mic, offer, POST, then Meta answer, ringing, answered, hang up', async () => {
    const f = createFakes();
    const dialing = f.controller.dial(ana);
    expect(f.state().status).toBe('dialing');
    await flush();
    expect(f.media.getMic).toHaveBeenCalledTimes(1);
    expect(f.peers.createBusinessOffer).toHaveBeenCalledWith(f.mics[0]?.stream);
    expect(f.api.placeCall).toHaveBeenCalledWith({ businessNumberId: 'bn-1', waId: ana.waId, sdp: fakeSdp('business-offer') });

    f.placeCall.resolve({ callId: 'c1' });
    await dialing;
    expect(f.state()).toMatchObject({ status: 'outgoing', callId: 'c1', phase: 'connecting' });

    f.controller.handle({ type: 'call.answer', callId: 'c1', sdp: fakeSdp('meta-answer') });
    expect(f.sessions[0]?.answers).toEqual([fakeSdp('meta-answer')]);

    f.controller.handle({ type: 'call.updated', call: summary({ id: 'c1', direction: 'business_initiated', status: 'ringing' }) });
    expect(f.state()).toMatchObject({ status: 'outgoing', phase: 'ringing' });

    f.controller.handle({ type: 'call.updated', call: summary({ id: 'c1', direction: 'business_initiated', status: 'active' }) });
    expect(f.state()).toMatchObject({ status: 'active', direction: 'business_initiated', since: f.clockStart, muted: false });

    f.controller.toggleMute();
    expect(f.state()).toMatchObject({ status: 'active', muted: true });
    expect(f.mics[0]?.track.enabled).toBe(false);

    f.advance(42_000);
    await f.controller.hangUp();
    expect(f.api.hangUp).toHaveBeenCalledWith('c1');
    expect(f.state()).toMatchObject({ status: 'ended', outcome: { kind: 'completed', durationSeconds: 42 } });
    expect(f.sessions[0]?.closed).toBe(true);
    expect(f.mics[0]?.track.stopped).toBe(true);
  });

  it("applies Meta's answer that arrives before POST /api/calls returns", async () => {
    const f = createFakes();
    const dialing = f.controller.dial(ana);
    await flush();
    // The webhook beat the HTTP response: the push events name a call id we do not know yet.
    f.controller.handle({ type: 'call.answer', callId: 'c1', sdp: fakeSdp('meta-answer') });
    f.controller.handle({ type: 'call.updated', call: summary({ id: 'c1', direction: 'business_initiated', status: 'ringing' }) });
    f.controller.handle({ type: 'call.answer', callId: 'someone-elses', sdp: fakeSdp('other') });
    expect(f.sessions[0]?.answers).toEqual([]);
    expect(f.state().status).toBe('dialing');

    f.placeCall.resolve({ callId: 'c1' });
    await dialing;
    expect(f.sessions[0]?.answers).toEqual([fakeSdp('meta-answer')]);
    expect(f.state()).toMatchObject({ status: 'outgoing', callId: 'c1', phase: 'ringing' });
  });

  it("shows the server's plain-language message when the dial is refused (138006)", async () => {
    const f = createFakes();
    const message = 'The customer has not allowed calls from this business. Ask for permission first.';
    const dialing = f.controller.dial(ana);
    await flush();
    f.placeCall.reject(new AppError({ code: 'meta_error', message, metaCode: 138006 }));
    await dialing;
    expect(f.state()).toEqual({ status: 'ended', callId: null, party: ana, outcome: { kind: 'failed', message, code: 138006 } });
    expect(f.sessions[0]?.closed).toBe(true);
    expect(f.mics[0]?.track.stopped).toBe(true);
  });

  it('explains a blocked microphone without calling the server', async () => {
    const f = createFakes();
    const blocked = Object.assign(new Error('denied'), { name: 'NotAllowedError' });
    const { micFailure } = await import('./failures.ts');
    f.media.getMic.mockRejectedValueOnce(micFailure(blocked));
    await f.controller.dial(ana);
    expect(f.api.placeCall).not.toHaveBeenCalled();
    expect(f.state()).toMatchObject({ status: 'ended', outcome: { kind: 'failed', message: expect.stringContaining('Microphone access is blocked') } });
  });

  it('gives the microphone back when the softphone closes while it opens, instead of leaving it on', async () => {
    const f = createFakes();
    const opening = deferred<MediaStream>();
    f.media.getMic.mockImplementationOnce(() => opening.promise);
    const dialing = f.controller.dial(ana);
    await flush();
    f.controller.dispose();
    const mic = fakeMic();
    opening.resolve(mic.stream);
    await dialing;
    expect(mic.track.stopped).toBe(true);
    expect(f.peers.createBusinessOffer).not.toHaveBeenCalled();
  });

  it('hands the microphone to keepMic when the call is done, when the browser keeps it warm', async () => {
    const f = createFakes();
    const kept: MediaStream[] = [];
    const controller = createCallController({ ...f.deps, media: { ...f.media, keepMic: (s) => kept.push(s) } });
    const dialing = controller.dial(ana);
    await flush();
    f.placeCall.resolve({ callId: 'c1' });
    await dialing;
    controller.handle({ type: 'call.ended', call: summary({ id: 'c1', direction: 'business_initiated', status: 'ended', outcome: 'completed' }) });
    expect(kept).toEqual([f.mics[0]?.stream]);
    expect(f.mics[0]?.track.stopped).toBe(false);
  });

  it("ends with the server's outcome when the customer declines", async () => {
    const f = createFakes();
    const dialing = f.controller.dial(ana);
    await flush();
    f.placeCall.resolve({ callId: 'c1' });
    await dialing;
    f.controller.handle({
      type: 'call.ended',
      call: summary({ id: 'c1', direction: 'business_initiated', status: 'ended', outcome: 'declined', endMessage: 'Ana Souza declined the call.' }),
    });
    expect(f.state()).toMatchObject({ status: 'ended', callId: 'c1', outcome: { kind: 'declined', message: 'Ana Souza declined the call.' } });
    expect(f.sessions[0]?.closed).toBe(true);
  });
});

describe('user-initiated call', () => {
  const incoming = { type: 'call.incoming', call: summary({ id: 'u1' }), offerSdp: fakeSdp('meta-offer') } as const;

  it('pre-accepts at once, accepts with the SAME answer, and attaches the mic only after the 200', async () => {
    const f = createFakes();
    f.controller.handle(hello);
    f.controller.handle(incoming);
    expect(f.state()).toMatchObject({ status: 'incoming', callId: 'u1', party: ana, prepared: false });
    await flush();
    expect(f.peers.answerMetaOffer).toHaveBeenCalledWith(fakeSdp('meta-offer'));
    expect(f.api.preAccept).toHaveBeenCalledWith('u1', fakeSdp('agent-answer'));
    expect(f.state()).toMatchObject({ status: 'incoming', prepared: true }); // the caller's context may load now
    expect(f.media.getMic).not.toHaveBeenCalled();

    const accepting = f.controller.accept();
    expect(f.state().status).toBe('accepting');
    await flush();
    expect(f.media.getMic).toHaveBeenCalledTimes(1);
    expect(f.api.accept).toHaveBeenCalledWith('u1', fakeSdp('agent-answer'));
    expect(f.sessions[0]?.attached).toEqual([]); // no media before Meta has the accept

    f.controller.handle({ type: 'call.claimed', callId: 'u1', agentId: 'agent-1', agentName: 'Ana Agent' }); // our own claim
    f.acceptResult.resolve({ ok: true });
    await accepting;
    expect(f.sessions[0]?.attached).toEqual([f.mics[0]?.track]);
    expect(f.state()).toMatchObject({ status: 'active', direction: 'user_initiated', since: f.clockStart });
  });

  it("lets ICE start only once Meta has the answer: at pre-accept when forwarded, else at accept", async () => {
    const forwarded = createFakes();
    forwarded.controller.handle(hello);
    forwarded.controller.handle(incoming);
    await flush();
    expect(forwarded.sessions[0]?.released).toBe(1);

    const held = createFakes();
    held.api.preAccept.mockResolvedValueOnce({ forwarded: false }); // several agents ring
    held.controller.handle(hello);
    held.controller.handle(incoming);
    await flush();
    expect(held.sessions[0]?.released).toBe(0);
    const accepting = held.controller.accept();
    await flush();
    expect(held.sessions[0]?.released).toBe(0); // not before Meta accepted
    held.acceptResult.resolve({ ok: true });
    await accepting;
    expect(held.sessions[0]?.released).toBe(1);
    expect(held.api.accept).toHaveBeenCalledWith('u1', fakeSdp('agent-answer'));
    expect(held.state()).toMatchObject({ status: 'active', direction: 'user_initiated' });
  });

  it('shows "Answered by X" when another agent takes it, then clears', async () => {
    vi.useFakeTimers();
    const f = createFakes();
    f.controller.handle(hello);
    f.controller.handle(incoming);
    await flush();
    f.controller.handle({ type: 'call.claimed', callId: 'u1', agentId: 'agent-2', agentName: 'Ben Agent' });
    expect(f.state()).toMatchObject({ status: 'ended', outcome: { kind: 'taken', message: 'Answered by Ben Agent.' } });
    expect(f.sessions[0]?.closed).toBe(true);
    vi.advanceTimersByTime(BRIEF_MESSAGE_MS);
    expect(f.state().status).toBe('idle');
  });

  it('treats a 409 on accept as taken by someone else', async () => {
    const f = createFakes();
    f.controller.handle(incoming);
    await flush();
    const accepting = f.controller.accept();
    await flush();
    f.acceptResult.reject(new AppError({ code: 'conflict', message: 'Ben Agent answered this call first.' }));
    await accepting;
    expect(f.state()).toMatchObject({ status: 'ended', outcome: { kind: 'taken', message: 'Ben Agent answered this call first.' } });
    expect(f.sessions[0]?.attached).toEqual([]);
    expect(f.mics[0]?.track.stopped).toBe(true);
  });

  it('ends an active call from the call.ended push, with its outcome, and closes the peer', async () => {
    const f = createFakes();
    f.controller.handle(incoming);
    await flush();
    const accepting = f.controller.accept();
    await flush();
    f.acceptResult.resolve({ ok: true });
    await accepting;
    f.controller.handle({
      type: 'call.ended',
      call: summary({ id: 'u1', status: 'ended', outcome: 'completed', durationSeconds: 42, endMessage: 'Call ended after 0:42.' }),
    });
    expect(f.state()).toMatchObject({ status: 'ended', outcome: { kind: 'completed', message: 'Call ended after 0:42.', durationSeconds: 42 } });
    expect(f.sessions[0]?.closed).toBe(true);
    expect(f.mics[0]?.track.stopped).toBe(true);
  });

  it('declines: rejects at the server and closes the prepared peer', async () => {
    const f = createFakes();
    f.controller.handle(incoming);
    await flush();
    await f.controller.decline();
    expect(f.api.reject).toHaveBeenCalledWith('u1');
    expect(f.state()).toMatchObject({ status: 'ended', outcome: { kind: 'declined' } });
    expect(f.sessions[0]?.closed).toBe(true);
    expect(f.media.getMic).not.toHaveBeenCalled();
  });

  it('says "not me" for a second call while busy, without touching the current one', async () => {
    const f = createFakes();
    f.controller.handle(incoming);
    await flush();
    f.controller.handle({ type: 'call.incoming', call: summary({ id: 'u2', contactName: 'Bruno Lima' }), offerSdp: fakeSdp('meta-offer-2') });
    f.controller.handle(incoming); // the same push again (reconnect) is ignored
    await flush();
    expect(f.api.reject).toHaveBeenCalledTimes(1);
    expect(f.api.reject).toHaveBeenCalledWith('u2');
    expect(f.peers.answerMetaOffer).toHaveBeenCalledTimes(1);
    expect(f.state()).toMatchObject({ status: 'incoming', callId: 'u1' });
  });

  it('ends the call on reconcile when pushes were missed', async () => {
    const f = createFakes();
    f.controller.handle(incoming);
    await flush();
    f.controller.reconcile([summary({ id: 'u1', status: 'ended', outcome: 'missed', endMessage: 'Missed call from Ana Souza.' })]);
    expect(f.state()).toMatchObject({ status: 'ended', outcome: { kind: 'missed', message: 'Missed call from Ana Souza.' } });
  });
});

describe('remote audio', () => {
  it('publishes the remote stream and its level while the call lasts', async () => {
    const f = createFakes();
    f.controller.handle({ type: 'call.incoming', call: summary({ id: 'u1' }), offerSdp: fakeSdp('meta-offer') });
    await flush();
    const stream = { getAudioTracks: () => [] } as unknown as MediaStream;
    f.sessions[0]?.emitRemote(stream);
    f.emitLevel(37);
    expect(f.controller.remote.getSnapshot()).toEqual({ stream, level: 37 });
    await f.controller.decline();
    expect(f.controller.remote.getSnapshot()).toEqual({ stream: null, level: 0 });
  });
});
