/**
 * Every classroom scenario (`shared/scenarios/*.json`), run against the simulator as the server
 * runs it (reset, then its control steps), then the class's action, asserting the outcome its
 * caption promises. Ringside-side steps (agents away) are covered by the server's training tests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioSchema, type Scenario } from '../shared/training-api.ts';
import { captionWebhook } from '../shared/training-captions.ts';
import { callPermissions, connect, DAY, expectRefusal, requestPermission } from './test-support/call-driver.ts';
import { BR, BRUNO, CARLA, GABRIEL, HELENA, SANDBOX, US, useHarness, endBody, type Harness } from './test-support/harness.ts';

const dir = new URL('../shared/scenarios/', import.meta.url);
const scenarios: Scenario[] = readdirSync(dir).filter((f) => f.endsWith('.json'))
  .map((f) => scenarioSchema.parse(JSON.parse(readFileSync(new URL(f, dir), 'utf8'))));
const scenario = (id: string) => scenarios.find((s) => s.id === id)!;
const ANA = '5511912345678';
const IGOR = '5581971234567';

const h = useHarness({ webhookBackoffMs: 5 });

async function run(s: Scenario) {
  expect((await h.control('POST', '/reset')).status).toBe(200);
  h.receiver.received.length = 0;
  for (const step of s.steps) {
    if ('server' in step) continue;
    const res = await h.control(step.method, step.path, step.body);
    expect(res.status, `${step.method} ${step.path}: ${JSON.stringify(res.json)}`).toBeLessThan(300);
  }
}

/** A business call that rings, and the call id. */
async function ring(hh: Harness, pnid: string, waId: string): Promise<string> {
  const res = await connect(hh, pnid, waId);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json.calls[0].id as string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Meta's webhook JSON, read loosely
const messagesOf = () => h.receiver.received.map((w) => w.body.entry[0].changes[0].value).filter((v: any) => v.messages).map((v: any) => v.messages[0]);

const outcomes: Record<string, () => Promise<void>> = {
  async 'four-unanswered-revoke'() {
    const callId = await ring(h, BR, HELENA);
    await h.receiver.waitForEvents(callId, ['connect', 'RINGING']);
    await h.advance(1000);
    await h.receiver.waitFor(() => messagesOf().some((m) => m.interactive?.call_permission_reply?.response_source === 'automatic'), 'the automatic revoke');
    const reply = messagesOf().find((m) => m.interactive?.call_permission_reply)!.interactive.call_permission_reply;
    expect(reply).toMatchObject({ response: 'reject', response_source: 'automatic' });
    const caption = captionWebhook({ kind: 'call_permission_reply', reply: { response: 'reject', permanent: false, automatic: true, toRequest: false }, streak: { before: 3, after: 4, revokeThreshold: 4 } });
    expect(caption.startsWith(scenario('four-unanswered-revoke').outcome)).toBe(true);
    expectRefusal(await connect(h, BR, HELENA), 401, 138006);
  },
  async 'declined-waits-24h'() {
    expect((await requestPermission(h, BR, CARLA)).status).toBe(200);
    await h.advance(5000);
    await h.receiver.waitFor(() => messagesOf().some((m) => m.interactive?.call_permission_reply), 'the decline');
    const reply = messagesOf()[0];
    expect(reply.interactive.call_permission_reply.response).toBe('reject');
    const caption = captionWebhook({ kind: 'call_permission_reply', reply: { response: 'reject', permanent: false, automatic: false, toRequest: !!reply.context?.id } });
    expect(caption.startsWith(scenario('declined-waits-24h').outcome)).toBe(true);
    expectRefusal(await requestPermission(h, BR, CARLA), 400, 138009);
    await h.advance(DAY);
    expect((await requestPermission(h, BR, CARLA)).status).toBe(200);
  },
  async 'daily-limit'() {
    const callId = await ring(h, BR, GABRIEL);
    await h.receiver.waitForEvents(callId, ['connect', 'RINGING']);
    await h.advance(1000);
    await h.receiver.waitForEvents(callId, ['connect', 'RINGING', 'ACCEPTED']);
    expect((await h.graph('POST', `/${BR}/calls`, endBody('terminate', callId))).status).toBe(200);
    expectRefusal(await connect(h, BR, GABRIEL), 400, 138012);
    await h.advance(DAY);
    expect((await connect(h, BR, GABRIEL)).status).toBe(200);
  },
  async 'permission-expires-7d'() {
    expect((await callPermissions(h, BR, ANA)).permission.status).toBe('temporary');
    await h.advance(7 * DAY);
    expect((await callPermissions(h, BR, ANA)).permission.status).toBe('no_permission');
    expectRefusal(await connect(h, BR, ANA), 401, 138006);
  },
  async 'customer-calls-all-away'() {
    // The scenario's own step placed the call: WhatsApp offers it to the business.
    await h.receiver.waitFor(() => h.receiver.summaries().some((s) => s.event === 'connect'), 'the customer\'s connect');
    const connectValue = h.receiver.received[0]!.body.entry[0].changes[0].value;
    expect(connectValue.calls[0]).toMatchObject({ direction: 'USER_INITIATED', from: BRUNO });
  },
  async 'duplicate-reordered-webhooks'() {
    const callId = await ring(h, BR, BRUNO);
    await h.advance(1000);
    await h.receiver.waitFor(() => h.receiver.eventsOf(callId).filter((e) => e === 'ACCEPTED').length === 2, 'two copies of ACCEPTED', 8000);
    const raws = h.receiver.received.map((w) => w.raw);
    expect(new Set(raws).size).toBeLessThan(raws.length);
    expect(captionWebhook({ kind: 'connect', duplicate: true }).startsWith(scenario('duplicate-reordered-webhooks').outcome)).toBe(true);
  },
  async 'terminate-before-connect'() {
    // Short delays and a fixed seed keep the test quick and repeatable; the scenario's reorder stays on.
    expect((await h.control('PUT', '/faults', { reorder_max_delay_ms: 300, reorder_seed: 7 })).status).toBe(200);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await ring(h, SANDBOX, IGOR));
    await h.receiver.waitFor(() => ids.every((id) => h.receiver.eventsOf(id).includes('terminate') && h.receiver.eventsOf(id).includes('connect')), 'every call\'s connect and terminate', 8000);
    const overtaken = ids.filter((id) => h.receiver.eventsOf(id).indexOf('terminate') < h.receiver.eventsOf(id).indexOf('connect'));
    expect(overtaken.length).toBeGreaterThan(0);
  },
  async 'restricted-country'() {
    expectRefusal(await connect(h, US, BRUNO), 400, 138013);
  },
  async 'low-pickup-warning'() {
    await h.receiver.waitFor(() => h.receiver.summaries().some((s) => s.event === 'ACCOUNT_VIOLATION'), 'the warning');
    const value = h.receiver.received.map((w) => w.body.entry[0].changes[0].value).find((v) => v.event === 'ACCOUNT_VIOLATION');
    expect(value.violation_info.violation_type).toBe('USER_INITIATED_CALLS_LOW_PICKUP_RATE');
    const caption = captionWebhook({ kind: 'account_update', account: { event: 'ACCOUNT_VIOLATION', type: value.violation_info.violation_type } });
    expect(caption.startsWith(scenario('low-pickup-warning').outcome)).toBe(true);
  },
};

describe('classroom scenarios', () => {
  it('every scenario file has an outcome test, and every test a scenario', () => {
    expect(scenarios.map((s) => s.id).sort()).toEqual(Object.keys(outcomes).sort());
    expect(scenarios).toHaveLength(9);
  });

  for (const s of scenarios) {
    it(`${s.title}: ${s.outcome}`, async () => {
      await run(s);
      await outcomes[s.id]!();
    });
  }
});
