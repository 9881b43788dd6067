import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDb } from '../db/open-db.ts';
import { buildTestServer, metaGraphStandIn, openTestDb } from '../test-support.ts';

type Server = Awaited<ReturnType<typeof buildTestServer>>;
const graph = metaGraphStandIn(() => ({ status: 200, body: { messaging_product: 'whatsapp', success: true } }));
const staticDir = mkdtempSync(join(tmpdir(), 'ringside-static-'));
writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Ringside</title>');

describe('security headers, cross-site refusal and proxies', () => {
  let db: OpenDb;
  let direct: Server;
  let proxied: Server;
  let cookie: string;

  beforeAll(async () => {
    db = await openTestDb('pglite');
    direct = await buildTestServer(db, graph.fetch, { simulatorPort: 3401, staticDir });
    proxied = await buildTestServer(db, graph.fetch, { simulatorPort: 3401, trustProxy: 1 });
    cookie = await direct.signIn('ana.agent');
  });
  afterAll(async () => {
    await direct.app.close();
    await proxied.app.close();
    await db.close();
  });

  it('sends a strict CSP and the other protective headers on pages, API answers and errors', async () => {
    for (const url of ['/', '/phone/5511912345678', '/api/config', '/api/nothing']) {
      const res = await direct.app.inject({ url, headers: { host: 'ringside.example:3400' } });
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("style-src 'self';");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      // The phone page talks to the simulator on the host the browser used.
      expect(csp).toContain("connect-src 'self' http://ringside.example:3401;");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
      expect(res.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' });
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('never caches the API, and leaves the app shell to the static server', async () => {
    expect((await direct.app.inject({ url: '/api/me', headers: { cookie } })).headers['cache-control']).toBe('no-store');
    expect((await direct.app.inject({ url: '/api/nothing' })).headers['cache-control']).toBe('no-store');
    expect((await direct.app.inject({ url: '/healthz' })).headers['cache-control']).toBe('no-store');
    expect((await direct.app.inject({ url: '/' })).headers['cache-control']).not.toBe('no-store');
  });

  it('refuses a cross-site state-changing browser request carrying the cookie, whatever its content type', async () => {
    const hangup = (headers: Record<string, string>) => direct.app.inject({ method: 'POST', url: '/api/calls/wacid.X/hangup', headers: { cookie, ...headers }, payload: 'x' });
    const refused = await hangup({ 'content-type': 'text/plain', origin: 'https://evil.example' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { code: 'forbidden', message: expect.stringMatching(/Cross-site request refused/) } });
    expect((await hangup({ 'content-type': 'text/plain', 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect((await hangup({ 'content-type': 'text/plain', 'sec-fetch-site': 'same-site' })).statusCode).toBe(403);
    expect((await hangup({ 'content-type': 'text/plain', origin: 'null' })).statusCode).toBe(403);
    expect((await direct.app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie, origin: 'http://evil.example' } })).statusCode).toBe(403);
    expect((await direct.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(200); // the refused sign-out did not happen
  });

  it('lets same-origin and non-browser requests through, and never checks Meta’s webhook', async () => {
    const hangup = (headers: Record<string, string>) => direct.app.inject({ method: 'POST', url: '/api/calls/wacid.X/hangup', headers: { cookie, ...headers } });
    // Through to the handler: the call does not exist.
    expect((await hangup({ origin: 'http://localhost:80' })).statusCode).toBe(404);
    expect((await hangup({ 'sec-fetch-site': 'same-origin', origin: 'http://localhost:80' })).statusCode).toBe(404);
    expect((await hangup({ 'sec-fetch-site': 'none' })).statusCode).toBe(404);
    expect((await hangup({})).statusCode).toBe(404);
    const webhook = await direct.app.inject({ method: 'POST', url: '/webhooks/whatsapp', headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, payload: '{}' });
    expect(webhook.statusCode).toBe(401); // reached the signature check
  });

  it('without TRUST_PROXY, ignores X-Forwarded-*: no Secure cookie from a claimed https, no reflected host', async () => {
    const headers = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example', 'x-forwarded-for': '203.0.113.9', host: 'ringside.example:3400' };
    const signIn = await direct.app.inject({ method: 'POST', url: '/api/session', headers, payload: { username: 'ben.agent', password: 'ringside' } });
    expect(String(signIn.headers['set-cookie'])).not.toMatch(/Secure/i);
    const config = await direct.app.inject({ url: '/api/config', headers });
    expect(config.json().simulatorUrl).toBe('http://ringside.example:3401');
    expect(String(config.headers['content-security-policy'])).not.toContain('evil.example');
    expect(config.headers['strict-transport-security']).toBeUndefined();
  });

  it('behind a trusted proxy, takes its protocol and host: a Secure cookie over https, HSTS, the public host', async () => {
    const headers = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'calls.example.com', host: 'backend:3000' };
    const signIn = await proxied.app.inject({ method: 'POST', url: '/api/session', headers, payload: { username: 'ben.agent', password: 'ringside' } });
    expect(signIn.statusCode).toBe(200);
    expect(String(signIn.headers['set-cookie'])).toMatch(/; Secure/i);
    expect(String(signIn.headers['set-cookie'])).toMatch(/HttpOnly/i);
    const config = await proxied.app.inject({ url: '/api/config', headers });
    expect(config.json().simulatorUrl).toBe('https://calls.example.com:3401');
    expect(config.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    // Same-origin as the public host, not the backend's.
    const hangup = await proxied.app.inject({ method: 'POST', url: '/api/calls/wacid.X/hangup', headers: { ...headers, origin: 'https://calls.example.com', cookie: String(signIn.headers['set-cookie']).split(';')[0]! } });
    expect(hangup.statusCode).toBe(404);
  });

  it('never echoes a Host header that is not a plain host name into a URL or the CSP', async () => {
    const res = await direct.app.inject({ url: '/api/config', headers: { host: "x; script-src 'unsafe-inline'" } });
    expect(res.json().simulatorUrl).toBe('http://127.0.0.1:3401');
    expect(String(res.headers['content-security-policy'])).not.toContain('unsafe-inline');
  });
});
