/**
 * Who may use `/_sim`: with SIMULATOR_CONTROL_TOKEN set, control routes answer 401 in the control
 * API's envelope without the bearer token while the phone page routes stay open; CORS headers go
 * only to the listed origins, on every kind of answer (JSON, errors, preflights, the event stream).
 */
import { describe, expect, it } from 'vitest';
import { ANA, BR, connectBody, useHarness } from './test-support/harness.ts';
import { readPhoneEvents } from './test-support/phone-events.ts';
import { chromiumAudioOffer } from './test-support/sdp-fixtures.ts';

const TOKEN = 'control-secret';
const PRODUCT = 'http://127.0.0.1:3000';
const h = useHarness({ controlToken: TOKEN, allowedOrigins: [PRODUCT, 'http://localhost:3000'] });

const raw = (path: string, init: RequestInit = {}) => fetch(`${h.sim.url}/_sim${path}`, init);

describe('control token', () => {
  it.each([
    ['GET', '/business-numbers'], ['GET', `/users/${ANA}`], ['PUT', `/users/${ANA}`], ['POST', '/clock'], ['GET', '/clock'],
    ['GET', '/world'], ['POST', '/reset'], ['PUT', '/faults'], ['GET', '/policy'], ['GET', '/log'], ['POST', `/users/${ANA}/calls`],
  ])('%s %s answers 401 without the token, with a wrong one, and works with the right one', async (method, path) => {
    const body = method === 'GET' ? undefined : JSON.stringify({});
    const headers = (auth?: string): Record<string, string> => ({ 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) });
    for (const auth of [undefined, 'Bearer wrong', `Basic ${TOKEN}`, TOKEN]) {
      const res = await raw(path, { method, headers: headers(auth), ...(body ? { body } : {}) });
      expect(res.status, `${auth ?? 'no header'}`).toBe(401);
      expect(await res.json()).toEqual({ error: { code: 'unauthenticated', message: expect.stringContaining('SIMULATOR_CONTROL_TOKEN') } });
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    }
    const ok = await raw(path, { method, headers: headers(`Bearer ${TOKEN}`), ...(body ? { body } : {}) });
    expect(ok.status).not.toBe(401);
  });

  it('leaves the phone page routes and the OpenAPI document open', async () => {
    expect((await raw(`/phone/${ANA}`)).status).toBe(200);
    expect((await raw('/openapi.json')).status).toBe(200);
    const placed = await raw(`/phone/${ANA}/calls`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone_number_id: BR }) });
    expect(placed.status).toBe(200);
    const { call_id: callId } = await placed.json() as { call_id: string };
    await h.receiver.waitForEvents(callId, ['connect']);
    const hangup = await raw(`/phone/${ANA}/calls/${encodeURIComponent(callId)}/hangup`, { method: 'POST' });
    expect(await hangup.json()).toEqual({ ok: true });
  });
});

describe('CORS', () => {
  it('reflects a listed origin on answers, errors and preflights, and nothing for another origin', async () => {
    const ok = await raw(`/phone/${ANA}`, { headers: { origin: PRODUCT } });
    expect(ok.headers.get('access-control-allow-origin')).toBe(PRODUCT);
    expect(ok.headers.get('vary')).toMatch(/Origin/);
    const refused = await raw('/clock', { headers: { origin: PRODUCT } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(PRODUCT);
    const missing = await raw('/no-such-route', { headers: { origin: PRODUCT } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('access-control-allow-origin')).toBe(PRODUCT);

    const preflight = await raw(`/phone/${ANA}/calls`, {
      method: 'OPTIONS', headers: { origin: PRODUCT, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(PRODUCT);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('content-type');

    const stranger = await raw(`/phone/${ANA}`, { headers: { origin: 'https://evil.example' } });
    expect(stranger.status).toBe(200);
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    const strangerPreflight = await raw('/reset', { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(strangerPreflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(strangerPreflight.headers.get('access-control-allow-methods')).toBeNull();
  });

  it("gives the phone page's event stream the CORS header of a listed origin only", async () => {
    for (const [origin, expected] of [[PRODUCT, PRODUCT], ['https://evil.example', null]] as const) {
      const abort = new AbortController();
      const res = await raw(`/phone/${ANA}/events`, { headers: { origin }, signal: abort.signal });
      expect(res.headers.get('access-control-allow-origin')).toBe(expected);
      const events = readPhoneEvents(res);
      await events.next((e) => e.type === 'snapshot');
      abort.abort();
    }
  });

  it('sends no CORS headers on the Graph API, which browsers never call', async () => {
    const res = await h.graph('POST', `/${BR}/calls`, connectBody(ANA, chromiumAudioOffer));
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('CORS for any origin, opted in with *', () => {
  const open = useHarness({ allowedOrigins: ['*'] });
  it('reflects whatever origin asks', async () => {
    const res = await fetch(`${open.sim.url}/_sim/phone/${ANA}`, { headers: { origin: 'http://192.168.1.20:3000' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('http://192.168.1.20:3000');
  });
});
