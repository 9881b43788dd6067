import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/errors.ts';
import { contactFrom, ledger, T0 } from '../features/softphone/testing/policy-world.tsx';
import { parseAgentEvent } from './agent-events.ts';
import { agentApi } from './api-client.ts';
import { notifications } from './notifications.ts';
import { readableRows } from './skipped-rows.ts';

const answer = (status: number, body: unknown) => vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));
const ana = contactFrom({ name: 'Ana', waId: '5511912345678', entries: [ledger.accepted(T0)] });
const bruno = contactFrom({ name: 'Bruno', waId: '5521998765432', entries: [] });

let warn: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  notifications.setState({ notices: [] });
});
afterEach(() => {
  vi.unstubAllGlobals();
  warn.mockRestore();
});

describe('agent API answers', () => {
  it('checks the session without an error when nobody is signed in', async () => {
    vi.stubGlobal('fetch', answer(200, { me: null }));
    await expect(agentApi.getSession()).resolves.toEqual({ me: null });
  });

  it('returns the readable contacts when one row is unreadable, and says which one', async () => {
    const odd = { ...bruno, waId: 'wa:odd', eligibility: { ...bruno.eligibility, call: null } };
    vi.stubGlobal('fetch', answer(200, [ana, odd, bruno]));
    const result = await agentApi.getContacts('bn-1');
    expect(result.rows.map((c) => c.name)).toEqual(['Ana', 'Bruno']);
    expect(result.skipped).toEqual([{ index: 1, key: 'wa:odd', problem: '[1].eligibility.call: expected an object, got null' }]);
  });

  it('fails with a clear error when the answer is not what the contract says', async () => {
    vi.stubGlobal('fetch', answer(200, { contacts: [ana] }));
    const err = await agentApi.getContacts('bn-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'internal', message: 'Unexpected answer from /api/contacts?businessNumberId=bn-1.', details: 'the answer: expected an array, got object' });
    vi.stubGlobal('fetch', answer(200, { callId: 7 }));
    await expect(agentApi.placeCall({ businessNumberId: 'bn-1', waId: ana.waId, sdp: 'v=0' })).rejects.toMatchObject({ details: 'callId: expected string, got number' });
  });

  it('rebuilds our errors, keeps a foreign envelope\'s message, and names the status otherwise', async () => {
    vi.stubGlobal('fetch', answer(422, { error: { code: 'policy_refused', message: 'Daily limit reached.', metaCode: 138012 } }));
    await expect(agentApi.placeCall({ businessNumberId: 'bn-1', waId: ana.waId, sdp: 'v=0' })).rejects.toMatchObject({ code: 'policy_refused', message: 'Daily limit reached.', metaCode: 138012 });
    vi.stubGlobal('fetch', answer(404, { error: { message: 'Unknown user', type: 'OAuthException', code: 100 } }));
    await expect(agentApi.getSession()).rejects.toMatchObject({ code: 'not_found', message: 'Unknown user' });
    vi.stubGlobal('fetch', answer(502, 'Bad gateway'));
    await expect(agentApi.getSession()).rejects.toMatchObject({ code: 'internal', message: 'The server answered 502.' });
  });
});

describe('readableRows', () => {
  it('warns once per unreadable row, with one notice for the agent, however often the list is fetched', () => {
    const skipped = [{ index: 1, key: 'wa:odd', problem: '[1].waId: expected string, got number' }];
    expect(readableRows('contacts', { rows: [ana], skipped })).toEqual([ana]);
    expect(readableRows('contacts', { rows: [ana], skipped })).toEqual([ana]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toContain('wa:odd');
    expect(notifications.getState().notices).toEqual([expect.objectContaining({ tone: 'warning', title: 'One of the contacts cannot be shown' })]);
  });
});

describe('push events', () => {
  it('passes events that fit their type and drops unknown or unreadable ones with a warning', () => {
    expect(parseAgentEvent(JSON.stringify({ type: 'call.answer', callId: 'c1', sdp: 'v=0' }))).toEqual({ type: 'call.answer', callId: 'c1', sdp: 'v=0' });
    expect(parseAgentEvent(JSON.stringify({ type: 'call.answer', callId: 'c1' }))).toBeNull();
    expect(parseAgentEvent(JSON.stringify({ type: 'toString' }))).toBeNull();
    expect(parseAgentEvent('not json')).toBeNull();
    expect(warn).toHaveBeenCalledWith('agent-events: unreadable event', 'call.answer.sdp: expected string, got nothing');
  });
});
