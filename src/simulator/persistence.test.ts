/**
 * The persistent world (`SIMULATOR_STATE_FILE`): a simulator started again from its file answers
 * exactly as before (call_permissions for every demo contact on every demo number, users, numbers,
 * faults, clock, world id); changes reach the file soon after they happen; reset re-seeds and
 * writes; a file that is not a simulator state stops the start and is left untouched.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { demoBusinessNumbers, demoContacts, demoUsernameContacts } from '../shared/demo-data.ts';
import { callPermissionsResponseSchema } from '../shared/meta-api.ts';
import { simWorldSchema } from '../shared/sim-api.ts';
import { createFakeMediaFactory } from './fake-media.ts';
import { startSimulator } from './start.ts';
import { StateFile } from './state-file.ts';
import { HOUR, connectedCall, connectedUserCall, requestPermission, scriptUser } from './test-support/call-driver.ts';
import { ACCESS_TOKEN, ANA, APP_SECRET, BR, CARLA, DIEGO, HELENA, SANDBOX, connectBody, startHarness, type Harness } from './test-support/harness.ts';
import { chromiumAudioOffer } from './test-support/sdp-fixtures.ts';
import { captureState } from './world-state.ts';

let dir: string;
let file: string;
const open: Harness[] = [];
const START = Date.UTC(2026, 2, 2, 9, 0, 0);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sim-state-'));
  file = join(dir, 'nested', 'world.json');
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function start(): Promise<Harness> {
  const h = await startHarness({ autoBusinessMedia: true, stateFile: file, clockStart: START });
  open.push(h);
  return h;
}

async function stop(h: Harness): Promise<void> {
  open.splice(open.indexOf(h), 1);
  await h.close();
}

/** Meta's call_permissions answer for every demo contact on every demo number. */
async function everyAnswer(h: Harness): Promise<unknown[]> {
  const answers: unknown[] = [];
  for (const number of demoBusinessNumbers) {
    for (const contact of [...demoContacts, ...demoUsernameContacts]) {
      const res = await h.graph('GET', `/${number.phoneNumberId}/call_permissions?user_wa_id=${contact.waId}`);
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      answers.push({ number: number.phoneNumberId, contact: contact.waId, answer: callPermissionsResponseSchema.parse(res.json) });
    }
  }
  return answers;
}

/** Everything else a restart must keep, as the control API shows it. */
async function controlViews(h: Harness): Promise<unknown> {
  const get = async (path: string) => (await h.control('GET', path)).json;
  return {
    world: await get('/world'), clock: await get('/clock'), faults: await get('/faults'), policy: await get('/policy'), users: await get('/users'),
    br: await get(`/business-numbers/${BR}`), sandbox: await get(`/business-numbers/${SANDBOX}`), carlaPhone: (await get(`/phone/${CARLA}`)).messages,
    helenaPhone: (await get(`/phone/${HELENA}`)).messages,
  };
}

describe('SIMULATOR_STATE_FILE', () => {
  it('a restart from the file answers exactly as before: permissions, quotas, users, numbers, faults, clock, world', async () => {
    const a = await start();
    await vi.waitFor(() => expect(existsSync(file)).toBe(true), { timeout: 5000, interval: 10 });
    const seeded = simWorldSchema.parse((await a.control('GET', '/world')).json);
    expect(seeded.seeded_at).toBe(START);

    // Things move: the profile, a grant, the clock, calls that count against quotas, a decline,
    // a user's identity, a restriction, the allow-list, a pending injected error.
    await a.control('PUT', '/policy', { profile: 'meta-2026' });
    await a.control('PUT', `/users/${CARLA}`, { on_permission_request: 'accept', answer_after_ms: 0, user_id: 'BR.42', username: 'carla.m' });
    expect((await requestPermission(a, BR, CARLA)).status).toBe(200);
    await a.advance(2 * HOUR);
    await scriptUser(a, ANA, 'answer');
    await connectedCall(a, BR, ANA);
    await connectedCall(a, BR, CARLA);
    await connectedUserCall(a, SANDBOX, DIEGO);
    await a.control('POST', `/users/${DIEGO}/permissions`, { phone_number_id: BR, action: 'grant_permanent' });
    await a.control('POST', `/business-numbers/${BR}/restrictions`, { restriction_type: 'RESTRICTED_BUSINESS_INITIATED_CALLING', expires_in_ms: 3 * HOUR });
    await a.control('PUT', `/business-numbers/${SANDBOX}/allow-list`, { wa_ids: [ANA, DIEGO] });
    await a.control('PUT', '/faults', { duplicate_webhooks: true, graph_errors: [{ endpoint: 'settings', code: 138004, times: 2 }] });
    await a.advance(17_000);
    await a.sim.webhooksIdle();

    const before = await everyAnswer(a);
    const viewsBefore = await controlViews(a);
    await stop(a);

    const b = await start();
    expect(b.sim.core.restored).toBe(true);
    expect(await controlViews(b)).toEqual(viewsBefore);
    expect(await everyAnswer(b)).toEqual(before);
  });

  it('writes soon after a change, atomically, without waiting for close; reset re-seeds under a new world id and writes', async () => {
    const h = await start();
    await vi.waitFor(() => expect(existsSync(file)).toBe(true), { timeout: 5000, interval: 10 });
    const firstId = (await h.control('GET', '/world')).json.id as string;
    await h.control('PUT', `/users/${ANA}`, { name: 'Ana Written' });
    await vi.waitFor(() => expect(readFileSync(file, 'utf8')).toContain('Ana Written'), { timeout: 5000, interval: 10 });
    expect(readdirSync(join(dir, 'nested'))).toEqual(['world.json']);

    await h.advance(5000);
    const reset = await h.control('POST', '/reset');
    const world = simWorldSchema.parse((await h.control('GET', '/world')).json);
    expect(world.id).not.toBe(firstId);
    expect(world.seeded_at).toBe(reset.json.now);
    const written = JSON.parse(readFileSync(file, 'utf8'));
    expect(written.world).toEqual({ id: world.id, seeded_at: world.seeded_at });
    expect(written.clock).toEqual({ offset_ms: 0 });
    expect(JSON.stringify(written)).not.toContain('Ana Written');
  });

  it('live calls do not survive a restart', async () => {
    const a = await start();
    await scriptUser(a, ANA, 'ignore');
    expect((await a.graph('POST', `/${BR}/calls`, connectBody(ANA, chromiumAudioOffer))).status).toBe(200);
    await stop(a);
    const b = await start();
    expect((await b.control('GET', `/phone/${ANA}`)).json.calls).toEqual([]);
  });

  it('refuses to start from a file that is not a simulator state, naming it, and leaves it as it was', async () => {
    for (const content of ['{"not":"a state"}', 'garbage{']) {
      writeFileSync(file.replace('nested/', ''), content);
      await expect(startSimulator({
        port: 0, accessToken: ACCESS_TOKEN, appSecret: APP_SECRET, webhookUrl: 'http://127.0.0.1:9/webhooks', mediaFactory: createFakeMediaFactory(),
        stateFile: file.replace('nested/', ''),
      })).rejects.toThrow(/state file .*world\.json is not a simulator state: .*(format|JSON).*does not overwrite it/);
      expect(readFileSync(file.replace('nested/', ''), 'utf8')).toBe(content);
    }
  });
});

describe('StateFile', () => {
  it('makes one write of the latest state for a burst of changes, and none before start or without a change', async () => {
    const h = await start();
    let captures = 0;
    const path = join(dir, 'burst.json');
    const store = new StateFile({ path, capture: () => { captures++; return captureState(h.sim.core.ctx.world, { clock: { offset_ms: captures }, policy: { profile: 'seed-2025' }, faults: h.sim.core.faults() }); } });
    store.markDirty();
    await store.flush();
    expect(existsSync(path)).toBe(false);
    store.start();
    for (let i = 0; i < 50; i++) store.markDirty();
    await store.flush();
    await store.flush();
    expect(captures).toBe(1);
    expect(JSON.parse(readFileSync(path, 'utf8')).clock).toEqual({ offset_ms: 1 });
    expect(store.load()?.world.id).toBe(h.sim.core.ctx.world.identity.id);
    await store.close();
  });
});
