/**
 * Unanswered business-initiated calls in a row, as WhatsApp handles them: the "reconsider" system
 * message on the user's phone at the tier's first threshold, and at the second the automatic
 * revoke with its `call_permission_reply` webhook in exactly Meta's shape (reference §4.4, §5).
 */
import { describe, expect, it } from 'vitest';
import { phoneSnapshotSchema } from '../shared/sim-api.ts';
import { callPermissions, connect, connectedCall, expectRefusal, rejectedCall, scriptUser, utcTime } from './test-support/call-driver.ts';
import { BR, BRUNO, HELENA, SANDBOX, US, useHarness } from './test-support/harness.ts';
import { readPhoneEvents } from './test-support/phone-events.ts';
import type { ReceivedWebhook } from './test-support/webhook-receiver.ts';

const h = useHarness({ autoBusinessMedia: true });

const permissionReplies = () => h.receiver.received.filter((w) => w.body.entry[0].changes[0].field === 'messages');
const systemMessages = async (waId: string) => phoneSnapshotSchema.parse((await h.control('GET', `/phone/${waId}`)).json)
  .messages.filter((m) => m.kind === 'system').map((m) => m.text);

/** The revoke webhook Meta sends, in full: no `context`, no `is_permanent`, `response_source: automatic`. */
function expectRevokeWebhook(webhook: ReceivedWebhook, pnid: string, display: string, waId: string, name: string, at: number): void {
  expect(webhook.signatureValid).toBe(true);
  expect(webhook.body).toEqual({
    object: 'whatsapp_business_account',
    entry: [{
      id: '200000000000001',
      changes: [{
        value: {
          messaging_product: 'whatsapp',
          metadata: { display_phone_number: display, phone_number_id: pnid },
          contacts: [{ profile: { name }, wa_id: waId }],
          messages: [{
            from: waId, id: expect.stringMatching(/^wamid\./), timestamp: String(Math.floor(at / 1000)), type: 'interactive',
            interactive: { type: 'call_permission_reply', call_permission_reply: { response: 'reject', response_source: 'automatic' } },
          }],
        },
        field: 'messages',
      }],
    }],
  });
}

describe('production number: reconsider at 2, revoke at 4', () => {
  it('the 2nd rejected call puts the reconsider message on the phone; the 4th revokes with the automatic reject webhook', async () => {
    await scriptUser(h, BRUNO, 'decline');
    await rejectedCall(h, BR, BRUNO);
    expect(await systemMessages(BRUNO)).toEqual([]);
    await rejectedCall(h, BR, BRUNO);
    expect(await systemMessages(BRUNO)).toEqual([
      'Ringside Support BR has called you 2 times without reaching you. You can change whether this business may call you.',
    ]);
    await rejectedCall(h, BR, BRUNO);
    expect(await systemMessages(BRUNO)).toHaveLength(1);
    await h.sim.webhooksIdle();
    expect(permissionReplies()).toEqual([]);
    expect((await callPermissions(h, BR, BRUNO)).permission).toEqual({ status: 'permanent' });

    const revokedAt = await h.advance(0);
    await rejectedCall(h, BR, BRUNO);
    await h.receiver.waitFor(() => permissionReplies().length === 1, 'the revoke webhook');
    expectRevokeWebhook(permissionReplies()[0]!, BR, '551140001000', BRUNO, 'Bruno Lima', revokedAt);
    expect((await systemMessages(BRUNO)).at(-1)).toBe(
      'You missed 4 calls in a row from Ringside Support BR, so WhatsApp turned off its permission to call you. The business can no longer call you unless you allow calls again.',
    );

    const view = await callPermissions(h, BR, BRUNO);
    expect(view.permission).toEqual({ status: 'no_permission' });
    expect(view.actions[0].can_perform_action).toBe(true); // the business may ask again
    const details = expectRefusal(await connect(h, BR, BRUNO), 401, 138006);
    expect(details).toBe(`WhatsApp revoked the customer's permission at ${utcTime(revokedAt)} after 4 unanswered calls in a row. Calling becomes possible only when the customer grants permission again.`);
    // Only the pair is affected: the other numbers' permissions stand.
    expect((await callPermissions(h, SANDBOX, BRUNO)).permission).toEqual({ status: 'permanent' });
    await h.sim.webhooksIdle();
    expect(permissionReplies()).toHaveLength(1);
  });

  it('a picked-up call ends the streak: no message after answered calls in between', async () => {
    await scriptUser(h, BRUNO, 'decline');
    await rejectedCall(h, BR, BRUNO);
    await scriptUser(h, BRUNO, 'answer');
    await connectedCall(h, BR, BRUNO);
    await scriptUser(h, BRUNO, 'decline');
    await rejectedCall(h, BR, BRUNO);
    expect(await systemMessages(BRUNO)).toEqual([]);
  });

  it('a call left ringing until the timeout counts like a rejected one', async () => {
    await scriptUser(h, BRUNO, 'ignore');
    for (let i = 0; i < 2; i++) {
      const callId = (await connect(h, BR, BRUNO)).json.calls[0].id as string;
      await h.receiver.waitForEvents(callId, ['connect', 'RINGING']);
      await h.advance(30_000);
      await h.receiver.waitForEvents(callId, ['connect', 'RINGING', 'terminate']);
    }
    expect(await systemMessages(BRUNO)).toHaveLength(1);
  });
});

describe('the seeded streak (Helena: permanent, then 3 unanswered)', () => {
  it('her phone already shows the reconsider message of each production number, and one more unanswered call revokes', async () => {
    expect(await systemMessages(HELENA)).toEqual([
      'Ringside Support BR has called you 2 times without reaching you. You can change whether this business may call you.',
      'Ringside Support US has called you 2 times without reaching you. You can change whether this business may call you.',
    ]);
    expect((await callPermissions(h, BR, HELENA)).permission).toEqual({ status: 'permanent' });

    // A person on the phone page declines; the page hears about the revoke.
    const abort = new AbortController();
    const res = await fetch(`${h.sim.url}/_sim/phone/${HELENA}/events`, { signal: abort.signal });
    const events = readPhoneEvents(res);
    await scriptUser(h, HELENA, 'ignore');
    const callId = (await connect(h, BR, HELENA)).json.calls[0].id as string;
    await h.receiver.waitForEvents(callId, ['connect', 'RINGING']);
    const revokedAt = await h.advance(0);
    expect((await h.control('POST', `/phone/${HELENA}/calls/${encodeURIComponent(callId)}/decline`)).json).toEqual({ ok: true });
    const message = await events.next((e) => e.type === 'message');
    expect(message.snapshot.messages.at(-1)).toMatchObject({ kind: 'system', text: expect.stringMatching(/^You missed 4 calls in a row from Ringside Support BR/) });
    abort.abort();

    await h.receiver.waitFor(() => permissionReplies().length === 1, 'the revoke webhook');
    expectRevokeWebhook(permissionReplies()[0]!, BR, '551140001000', HELENA, 'Helena Dias', revokedAt);
    expectRefusal(await connect(h, BR, HELENA), 401, 138006);
  });

  it('on the sandbox number (5 and 10) the seeded 3 do nothing yet; the 5th brings the reconsider message, no revoke', async () => {
    await scriptUser(h, HELENA, 'decline');
    await rejectedCall(h, SANDBOX, HELENA);
    expect(await systemMessages(HELENA)).toHaveLength(2);
    await rejectedCall(h, SANDBOX, HELENA);
    expect(await systemMessages(HELENA)).toContain(
      'Ringside Sandbox has called you 5 times without reaching you. You can change whether this business may call you.',
    );
    await h.sim.webhooksIdle();
    expect(permissionReplies()).toEqual([]);
    expect((await callPermissions(h, SANDBOX, HELENA)).permission).toEqual({ status: 'permanent' });
    // The US number cannot call at all (138013): its seeded streak stays where it was.
    expectRefusal(await connect(h, US, HELENA), 400, 138013);
  });
});
