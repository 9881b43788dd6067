/**
 * Meta's refusals over real HTTP: bearer check, the error envelope and HTTP status of each code,
 * and the SDP rules (one audio m-line, fingerprint) against a stock Chromium offer.
 */
import { describe, expect, it } from 'vitest';
import { graphErrorSchema } from '../shared/meta-api.ts';
import {
  ANA, BR, BRUNO, CARLA, FRANK_NOT_ON_WHATSAPP, US, connectBody, endBody, type HttpResult, useHarness,
} from './test-support/harness.ts';
import { chromiumAudioOffer, chromiumDataChannelOffer, offerWithoutFingerprint } from './test-support/sdp-fixtures.ts';

const h = useHarness({ autoBusinessMedia: true });

function expectMetaError(res: HttpResult, http: number, code: number, message?: string) {
  expect(res.status).toBe(http);
  const body = graphErrorSchema.parse(res.json);
  expect(body.error.code).toBe(code);
  expect(body.error.fbtrace_id).toMatch(/^A[\w-]{22}$/);
  if (message) expect(body.error.message).toBe(message);
  return body.error;
}

describe('bearer token', () => {
  it('answers OAuthException 190 with HTTP 401 without a token or with a wrong one', async () => {
    const missing = await h.graph('POST', `/${BR}/calls`, connectBody(ANA, chromiumAudioOffer), null);
    expect(expectMetaError(missing, 401, 190).type).toBe('OAuthException');
    const wrong = await h.graph('GET', `/${BR}/settings`, undefined, 'not-the-token');
    expectMetaError(wrong, 401, 190, 'Invalid OAuth access token - Cannot parse access token');
    const log = await h.control('GET', '/log');
    expect(log.json.entries.map((e: { status: number; error_code: number }) => [e.status, e.error_code])).toEqual([[401, 190], [401, 190]]);
  });
});

describe('connect refusals', () => {
  it('138006 when the user never granted permission, in the exact envelope', async () => {
    const res = await h.graph('POST', `/${BR}/calls`, connectBody(CARLA, chromiumAudioOffer));
    expect(res.status).toBe(401);
    expect(res.json).toEqual({
      error: {
        message: '(#138006) No approved call permission from the recipient',
        type: 'OAuthException',
        code: 138006,
        error_data: { messaging_product: 'whatsapp', details: 'The customer has not allowed calls from this business. Calling becomes possible once the customer accepts a call permission request.' },
        fbtrace_id: expect.any(String),
      },
    });
  });

  it('138013 for a US business number (business-initiated calls unavailable by country)', async () => {
    const error = expectMetaError(await h.graph('POST', `/${US}/calls`, connectBody(BRUNO, chromiumAudioOffer)), 400, 138013);
    expect(error.error_data?.details).toMatch(/business numbers in United States \(\+1\)/);
  });

  it('138001 for a number that is not on WhatsApp', async () => {
    expectMetaError(await h.graph('POST', `/${BR}/calls`, connectBody(FRANK_NOT_ON_WHATSAPP, chromiumAudioOffer)), 400, 138001);
  });

  it('138000 after calling is disabled through POST /settings', async () => {
    const disable = await h.graph('POST', `/${BR}/settings`, { calling: { status: 'DISABLED' } });
    expect(disable.json).toEqual({ success: true });
    expect((await h.graph('GET', `/${BR}/settings`)).json.calling.status).toBe('DISABLED');
    expectMetaError(await h.graph('POST', `/${BR}/calls`, connectBody(BRUNO, chromiumAudioOffer)), 401, 138000, '(#138000) Calling not enabled');
  });

  it('138003 for a second call while one with the same user is in progress, then allowed after terminate', async () => {
    const first = await h.graph('POST', `/${BR}/calls`, connectBody(BRUNO, chromiumAudioOffer));
    expect(first.status).toBe(200);
    const callId = first.json.calls[0].id as string;
    expectMetaError(await h.graph('POST', `/${BR}/calls`, connectBody(BRUNO, chromiumAudioOffer)), 400, 138003);
    expect((await h.graph('POST', `/${BR}/calls`, endBody('terminate', callId))).json).toEqual({ messaging_product: 'whatsapp', success: true });
    expect((await h.graph('POST', `/${BR}/calls`, connectBody(BRUNO, chromiumAudioOffer))).status).toBe(200);
  });
});

describe('SDP rules and body validation (error 100)', () => {
  it('accepts a stock Chromium audio offer', async () => {
    const res = await h.graph('POST', `/${BR}/calls`, connectBody(ANA, chromiumAudioOffer));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ messaging_product: 'whatsapp', calls: [{ id: expect.stringMatching(/^wacid\.[A-Za-z0-9=_-]+$/) }] });
  });

  it('refuses an offer with a data channel (m=audio + m=application)', async () => {
    const error = expectMetaError(await h.graph('POST', `/${BR}/calls`, connectBody(ANA, chromiumDataChannelOffer)), 400, 100, '(#100) Invalid parameter');
    expect(error.error_data?.details).toMatch(/exactly one m-line, and it must be audio/);
  });

  it('refuses an offer without a DTLS fingerprint', async () => {
    const error = expectMetaError(await h.graph('POST', `/${BR}/calls`, connectBody(ANA, offerWithoutFingerprint)), 400, 100);
    expect(error.error_data?.details).toMatch(/No fingerprint found in SDP/);
  });

  it('refuses malformed bodies with the failing field in details', async () => {
    const noProduct = await h.graph('POST', `/${BR}/calls`, { to: ANA, action: 'connect', session: { sdp_type: 'offer', sdp: chromiumAudioOffer } });
    expect(expectMetaError(noProduct, 400, 100).error_data?.details).toMatch(/messaging_product/);
    const badAction = await h.graph('POST', `/${BR}/calls`, { messaging_product: 'whatsapp', action: 'hold', call_id: 'wacid.x' });
    expect(expectMetaError(badAction, 400, 100).error_data?.details).toMatch(/action/);
    const answerForConnect = await h.graph('POST', `/${BR}/calls`, { ...connectBody(ANA, chromiumAudioOffer), session: { sdp_type: 'answer', sdp: chromiumAudioOffer } });
    expect(expectMetaError(answerForConnect, 400, 100).error_data?.details).toMatch(/sdp_type must be "offer"/);
  });

  it('refuses unknown phone number ids and unknown or ended calls', async () => {
    const unknownNumber = expectMetaError(await h.graph('POST', '/999/calls', connectBody(ANA, chromiumAudioOffer)), 400, 100);
    expect(unknownNumber).toMatchObject({ type: 'GraphMethodException', error_subcode: 33 });
    const unknownCall = expectMetaError(await h.graph('POST', `/${BR}/calls`, endBody('terminate', 'wacid.nope')), 400, 100);
    expect(unknownCall.error_data?.details).toMatch(/Invalid call_id/);

    const callId = (await h.graph('POST', `/${BR}/calls`, connectBody(ANA, chromiumAudioOffer))).json.calls[0].id;
    await h.graph('POST', `/${BR}/calls`, endBody('terminate', callId));
    const ended = expectMetaError(await h.graph('POST', `/${BR}/calls`, endBody('terminate', callId)), 400, 100);
    expect(ended.error_data?.details).toMatch(/already ended/);
  });
});
