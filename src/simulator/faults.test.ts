/**
 * Faults Meta produces (`PUT /_sim/faults`): webhooks of one call out of order (a terminate before
 * its connect), combinable with duplicates; injected Graph errors in Meta's envelope; and the
 * natural 613 when `call_permissions` is asked faster than the profile's rate.
 */
import { describe, expect, it } from 'vitest';
import { graphErrorSchema } from '../shared/meta-api.ts';
import { simLogSchema } from '../shared/sim-api.ts';
import { simFaultsSchema } from '../shared/sim-api-faults.ts';
import { connect, expectRefusal, scriptUser } from './test-support/call-driver.ts';
import { ANA, BR, BRUNO, CARLA, SANDBOX, useHarness } from './test-support/harness.ts';
import { seededRandom } from './random.ts';

/** Scripted delays for the reorder fault: the first delivery waits the longest, every later one none. */
let draws: number[] = [];
const h = useHarness({ autoBusinessMedia: true, webhookRandom: () => draws.shift() ?? 0 }, () => {
  draws = [];
});

describe('reorder_webhooks', () => {
  it("delivers a call's webhooks each after its own delay: the terminate arrives before its connect", async () => {
    const faults = simFaultsSchema.parse((await h.control('PUT', '/faults', { reorder_webhooks: true, reorder_max_delay_ms: 300 })).json);
    expect(faults).toMatchObject({ reorder_webhooks: true, reorder_max_delay_ms: 300, duplicate_webhooks: false });
    await scriptUser(h, ANA, 'busy');
    draws = [0.999];
    const callId = (await connect(h, BR, ANA)).json.calls[0].id as string;
    await h.receiver.waitForEvents(callId, ['terminate', 'connect']);
    expect(h.receiver.eventsOf(callId)).toEqual(['terminate', 'connect']);
    expect(h.receiver.received.every((w) => w.signatureValid)).toBe(true);
    await h.sim.webhooksIdle();
    const log = simLogSchema.parse((await h.control('GET', '/log')).json).entries.filter((e) => e.kind === 'webhook');
    expect(log.map((e) => [e.event, e.delay_ms])).toEqual([['terminate', 0], ['connect', 300]]);
  });

  it('combines with duplicate_webhooks: every copy on its own delay, none lost', async () => {
    await h.control('PUT', '/faults', { reorder_webhooks: true, duplicate_webhooks: true });
    await scriptUser(h, ANA, 'busy');
    draws = [0.9, 0.5, 0.1, 0];
    const callId = (await connect(h, BR, ANA)).json.calls[0].id as string;
    await h.receiver.waitForEvents(callId, ['terminate', 'terminate', 'connect', 'connect']);
    expect(h.receiver.eventsOf(callId)).toEqual(['terminate', 'terminate', 'connect', 'connect']);
  });

  it('a seed makes the delays replayable; reset turns every fault off', async () => {
    const seeded = simFaultsSchema.parse((await h.control('PUT', '/faults', { reorder_webhooks: true, reorder_seed: 42 })).json);
    expect(seeded.reorder_seed).toBe(42);
    const a = seededRandom(42);
    const b = seededRandom(42);
    const run = Array.from({ length: 50 }, () => a());
    expect(Array.from({ length: 50 }, () => b())).toEqual(run);
    expect(run.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(run).size).toBe(50);
    expect(seededRandom(43)()).not.toBe(run[0]);

    await h.control('POST', '/reset');
    expect((await h.control('GET', '/faults')).json).toEqual({
      duplicate_webhooks: false, reorder_webhooks: false, reorder_max_delay_ms: 300, reorder_seed: null, graph_errors: [],
    });
  });
});

describe('graph_errors', () => {
  it('the next connect answers 138004 in Meta envelope at the catalog status; nothing else happens; then Meta answers again', async () => {
    const set = await h.control('PUT', '/faults', { graph_errors: [{ action: 'connect', code: 138004 }] });
    expect(set.json.graph_errors).toEqual([{ action: 'connect', code: 138004, remaining: 1 }]);
    const res = await connect(h, BR, ANA);
    expect(res.status).toBe(500);
    expect(graphErrorSchema.parse(res.json).error).toMatchObject({ code: 138004, message: '(#138004) Connection error', type: 'OAuthException' });
    await h.sim.webhooksIdle();
    expect(h.receiver.received).toEqual([]);
    expect((await h.control('GET', '/faults')).json.graph_errors).toEqual([]);
    expect((await connect(h, BR, ANA)).status).toBe(200);
    const graphLog = simLogSchema.parse((await h.control('GET', '/log')).json).entries.filter((e) => e.kind === 'graph');
    expect(graphLog.map((e) => [e.action, e.status, e.error_code, e.injected])).toEqual([['connect', 500, 138004, true], ['connect', 200, undefined, undefined]]);
  });

  it('an endpoint for N answers, only on the number named, with the details given', async () => {
    await h.control('PUT', '/faults', { graph_errors: [{ endpoint: 'call_permissions', code: 613, times: 2, phone_number_id: SANDBOX, details: 'slow down' }] });
    expect((await h.graph('GET', `/${BR}/call_permissions?user_wa_id=${ANA}`)).status).toBe(200);
    for (let i = 0; i < 2; i++) expect(expectRefusal(await h.graph('GET', `/${SANDBOX}/call_permissions?user_wa_id=${ANA}`), 429, 613)).toBe('slow down');
    expect((await h.graph('GET', `/${SANDBOX}/call_permissions?user_wa_id=${ANA}`)).status).toBe(200);
  });

  it('messages and settings; the first matching rule is spent first', async () => {
    await h.control('PUT', '/faults', { graph_errors: [{ endpoint: 'messages', code: 131026 }, { endpoint: 'settings', code: 100, times: 1 }] });
    const request = {
      messaging_product: 'whatsapp', to: CARLA, type: 'interactive',
      interactive: { type: 'call_permission_request', action: { name: 'call_permission_request' } },
    };
    expect(expectRefusal(await h.graph('POST', `/${BR}/messages`, request), 400, 131026)).toBe('Message undeliverable');
    expectRefusal(await h.graph('GET', `/${BR}/settings`), 400, 100);
    expect((await h.graph('POST', `/${BR}/messages`, request)).status).toBe(200);
  });

  it('refuses rules that name no code of the catalog, or no endpoint, or an action of another endpoint', async () => {
    for (const rule of [{ action: 'connect', code: 999 }, { code: 138004 }, { endpoint: 'messages', action: 'connect', code: 100 }, { endpoint: 'calls', code: 100, times: 0 }]) {
      const res = await h.control('PUT', '/faults', { graph_errors: [rule] });
      expect(res.status, JSON.stringify(rule)).toBe(400);
    }
    expect((await h.control('GET', '/faults')).json.graph_errors).toEqual([]);
  });
});

describe('613: call_permissions faster than the profile allows', () => {
  it('seed-2025: 5 per second per number on the simulator clock', async () => {
    const ask = (pnid: string, waId = BRUNO) => h.graph('GET', `/${pnid}/call_permissions?user_wa_id=${waId}`);
    for (let i = 0; i < 5; i++) expect((await ask(BR)).status).toBe(200);
    expect(expectRefusal(await ask(BR, CARLA), 429, 613)).toBe('Too many call_permissions requests: at most 5 per second on this business phone number.');
    expect((await ask(SANDBOX)).status).toBe(200);
    await h.advance(999);
    expectRefusal(await ask(BR), 429, 613);
    await h.advance(1);
    expect((await ask(BR)).status).toBe(200);
  });

  it('meta-2026: 100 per second', async () => {
    await h.control('PUT', '/policy', { profile: 'meta-2026' });
    const statuses: number[] = [];
    for (let i = 0; i < 101; i++) statuses.push((await h.graph('GET', `/${BR}/call_permissions?user_wa_id=${ANA}`)).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(100);
    expect(statuses.at(-1)).toBe(429);
  });
});
