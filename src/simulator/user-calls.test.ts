/**
 * User-initiated calls over HTTP: Meta's offer in the connect webhook, pre_accept/accept with the
 * same SDP, reject, the 45 s answer window, and the 20 s media timer (FAILED 138021).
 */
import { describe, expect, it } from 'vitest';
import { graphErrorSchema } from '../shared/meta-api.ts';
import { ANA, BR, answerBody, endBody, useHarness } from './test-support/harness.ts';
import { chromiumAnswer } from './test-support/sdp-fixtures.ts';

const h = useHarness();

/** The user dials the BR number; resolves with the call id once the connect webhook arrived. */
async function userCalls(): Promise<string> {
  const res = await h.control('POST', `/users/${ANA}/calls`, { phone_number_id: BR });
  expect(res.status).toBe(200);
  const callId = res.json.call_id as string;
  await h.receiver.waitForEvents(callId, ['connect']);
  return callId;
}

const valueOf = (callId: string, index: number) => h.receiver.received
  .map((w) => w.body.entry[0].changes[0].value)
  .filter((v) => v.calls?.[0]?.id === callId)[index];

describe('user-initiated call', () => {
  it("connect carries Meta's offer; pre_accept → accept (same SDP) → terminate by the business", async () => {
    const callId = await userCalls();
    const connect = valueOf(callId, 0);
    expect(connect.calls[0]).toMatchObject({
      id: callId, from: ANA, to: '551140001000', event: 'connect', direction: 'USER_INITIATED',
      session: { sdp_type: 'offer', sdp: expect.stringMatching(/a=ice-lite[\s\S]*a=setup:actpass[\s\S]*a=rtpmap:111 opus\/48000\/2/) },
    });
    expect(connect.contacts).toEqual([{ profile: { name: 'Ana Souza' }, wa_id: ANA }]);

    const answer = chromiumAnswer();
    expect((await h.graph('POST', `/${BR}/calls`, answerBody('pre_accept', callId, answer))).json).toEqual({ messaging_product: 'whatsapp', success: true });
    expect((await h.control('GET', `/phone/${ANA}`)).json.calls[0].state).toBe('ringing');
    expect((await h.graph('POST', `/${BR}/calls`, answerBody('accept', callId, answer, { biz_opaque_callback_data: 'case-7' }))).status).toBe(200);
    h.media.endpoints.get(callId)!.emitBusinessMedia();
    await h.advance(61_000);
    expect((await h.graph('POST', `/${BR}/calls`, endBody('terminate', callId))).status).toBe(200);
    await h.receiver.waitForEvents(callId, ['connect', 'terminate']);

    const end = valueOf(callId, 1).calls[0];
    expect(end).toMatchObject({ event: 'terminate', status: 'COMPLETED', direction: 'USER_INITIATED', biz_opaque_callback_data: 'case-7' });
    expect(end.duration).toBe(61);
    expect(h.media.endpoints.get(callId)!.calls).toEqual(['createBusinessOffer', 'applyBusinessAnswer', 'startUserMedia', 'close']);
  });

  it('refuses accept with an SDP that differs from the pre_accept one (error 100)', async () => {
    const callId = await userCalls();
    await h.graph('POST', `/${BR}/calls`, answerBody('pre_accept', callId, chromiumAnswer(1)));
    const res = await h.graph('POST', `/${BR}/calls`, answerBody('accept', callId, chromiumAnswer(2)));
    expect(res.status).toBe(400);
    const error = graphErrorSchema.parse(res.json).error;
    expect(error.code).toBe(100);
    expect(error.error_data?.details).toMatch(/does not match the SDP given in pre_accept/);
    // The call is still waiting for a proper accept.
    expect((await h.graph('POST', `/${BR}/calls`, answerBody('accept', callId, chromiumAnswer(1)))).status).toBe(200);
  });

  it('accept without pre_accept is allowed', async () => {
    const callId = await userCalls();
    expect((await h.graph('POST', `/${BR}/calls`, answerBody('accept', callId, chromiumAnswer()))).status).toBe(200);
    expect(h.media.endpoints.get(callId)!.calls).toContain('applyBusinessAnswer');
  });

  it('no business media within 20 s of accept: terminate FAILED with 138021 in calls[0].errors and value.errors', async () => {
    const callId = await userCalls();
    await h.graph('POST', `/${BR}/calls`, answerBody('accept', callId, chromiumAnswer()));
    await h.advance(19_999);
    await h.sim.webhooksIdle();
    expect(h.receiver.eventsOf(callId)).toEqual(['connect']);
    await h.advance(1);
    await h.receiver.waitForEvents(callId, ['connect', 'terminate']);

    const value = valueOf(callId, 1);
    const expectedError = {
      code: 138021,
      title: expect.stringContaining('not receiving any media'),
      message: expect.stringContaining('not receiving any media'),
      error_data: { details: expect.any(String) },
    };
    expect(value.calls[0]).toMatchObject({ status: 'FAILED', duration: 20, errors: [expectedError] });
    expect(value.errors).toEqual([expectedError]);
    const log = await h.control('GET', '/log');
    expect(log.json.entries.filter((e: { kind: string }) => e.kind === 'graph').map((e: { action: string }) => e.action)).toEqual(['accept']);
  });

  it('business media in time keeps the call up past 20 s', async () => {
    const callId = await userCalls();
    await h.graph('POST', `/${BR}/calls`, answerBody('accept', callId, chromiumAnswer()));
    h.media.endpoints.get(callId)!.emitBusinessMedia();
    await h.advance(60_000);
    await h.sim.webhooksIdle();
    expect(h.receiver.eventsOf(callId)).toEqual(['connect']);
  });

  it('reject ends the call with a terminate webhook; later actions on it are error 100', async () => {
    const callId = await userCalls();
    expect((await h.graph('POST', `/${BR}/calls`, endBody('reject', callId))).json).toEqual({ messaging_product: 'whatsapp', success: true });
    await h.receiver.waitForEvents(callId, ['connect', 'terminate']);
    expect(valueOf(callId, 1).calls[0]).not.toHaveProperty('duration');
    const late = await h.graph('POST', `/${BR}/calls`, answerBody('accept', callId, chromiumAnswer()));
    expect(graphErrorSchema.parse(late.json).error.error_data?.details).toMatch(/already ended/);
  });

  it('not accepted within 45 s of simulator time: terminate', async () => {
    const callId = await userCalls();
    await h.advance(44_999);
    await h.sim.webhooksIdle();
    expect(h.receiver.eventsOf(callId)).toEqual(['connect']);
    await h.advance(1);
    await h.receiver.waitForEvents(callId, ['connect', 'terminate']);
    expect((await h.control('GET', `/phone/${ANA}`)).json.calls[0]).toMatchObject({ state: 'ended', end_reason: 'not_answered' });
  });
});
