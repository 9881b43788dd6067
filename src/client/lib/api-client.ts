/**
 * The agent API over fetch. Every response is checked against its shape (shape.ts: the fields the
 * UI relies on, typed by the shared contract; lists row by row); every failure is thrown as an
 * `AppError` rebuilt from the server's `{ error: { code, message, metaCode? } }` body. This module
 * never renders, notifies or navigates: callers decide what the agent sees.
 */
import type { AwayReason } from '../../shared/agent-state.ts';
import type { CallPageQuery, CallWrapUp, CreateContact, PermissionRequestResult, PlaceCall, Presence, SignIn } from '../../shared/agent-api.ts';
import type { QualitySample } from '../../shared/call-quality.ts';
import { AppError, appErrorCodes, type AppErrorCode } from '../../shared/errors.ts';
import { businessNumberShape, callSummaryShape, configShape, contactShape, errorBodyShape, meShape, sessionShape, timelineItemShape } from './agent-shapes.ts';
import { fits, rowsOf, shaped, ShapeError, type Reader, type Shape } from './shape.ts';

const statusCodes: Record<number, AppErrorCode> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
};

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One request: JSON in, JSON checked by `read` out, `AppError` on any failure. */
export async function request<T>(method: Method, path: string, read: Reader<T>, body?: unknown, base = ''): Promise<T> {
  let res: Response;
  try {
    res = await fetch(base + path, {
      method,
      credentials: base ? 'omit' : 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new AppError({ code: 'internal', message: 'Cannot reach the server. Check your connection and try again.' });
  }
  const text = await res.text();
  const json = parseJson(text);
  if (!res.ok) throw errorFrom(res.status, json);
  try {
    return read(json);
  } catch (err) {
    if (!(err instanceof ShapeError)) throw err;
    throw new AppError({ code: 'internal', message: `Unexpected answer from ${path}.`, details: err.problem });
  }
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const knownCodes: ReadonlySet<string> = new Set(appErrorCodes);

const foreignErrorShape: Shape<{ error: { message: string } }> = { error: { message: 'string' } };

function errorFrom(status: number, json: unknown): AppError {
  const fallback = statusCodes[status] ?? 'internal';
  if (fits(json, errorBodyShape)) return new AppError({ ...json.error, code: knownCodes.has(json.error.code) ? json.error.code : fallback });
  // Other envelopes (the simulator speaks Graph's): keep their message when there is one.
  return new AppError({ code: fallback, message: fits(json, foreignErrorShape) ? json.error.message : `The server answered ${status}.` });
}

const id = encodeURIComponent;
/** For answers the client does not read. */
export const anything: Reader<unknown> = (json) => json;
const ok = shaped<{ ok: true }>({ ok: 'boolean' });

/** Every agent endpoint, typed by the shared contract. */
export const agentApi = {
  getConfig: () => request('GET', '/api/config', shaped(configShape)),
  /** Who is signed in; `me` is null when nobody is (a 200, never a 401). */
  getSession: () => request('GET', '/api/session', shaped(sessionShape)),
  signIn: (body: SignIn) => request('POST', '/api/session', shaped(meShape), body),
  signOut: () => request('DELETE', '/api/session', anything),
  setPresence: (presence: Presence, awayReason?: AwayReason) => request('PUT', '/api/me/presence', shaped(meShape), awayReason ? { presence, awayReason } : { presence }),
  /** Ends after-call work now ("Ready now"). */
  ready: () => request('POST', '/api/me/ready', shaped(meShape)),
  /** More after-call work ("Extend"). */
  extendWrapUp: (seconds: number) => request('POST', '/api/me/wrap-up', shaped(meShape), { seconds }),
  /** Lists come back as `{ rows, skipped }`: a row the client cannot read never sinks the others. */
  getBusinessNumbers: () => request('GET', '/api/business-numbers', rowsOf(businessNumberShape)),
  getContacts: (businessNumberId: string) => request('GET', `/api/contacts?businessNumberId=${id(businessNumberId)}`, rowsOf(contactShape)),
  getCalls: () => request('GET', '/api/calls', rowsOf(callSummaryShape)),
  /** A page of the history: `next` is the keyset for the following page. */
  getCallPage: async (query: CallPageQuery) => {
    const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)]));
    const page = await request('GET', `/api/call-pages?${params}`, shaped<{ calls: unknown[]; next: string | null }>({ calls: 'array', next: 'string?' }));
    return { ...rowsOf(callSummaryShape)(page.calls), next: page.next };
  },
  getCall: (callId: string) => request('GET', `/api/calls/${id(callId)}`, shaped(callSummaryShape)),
  /** The after-call disposition and notes (the call's agent only). */
  saveWrapUp: (callId: string, body: CallWrapUp) => request('PATCH', `/api/calls/${id(callId)}`, shaped(callSummaryShape), body),
  getTimeline: (waId: string, businessNumberId: string) =>
    request('GET', `/api/contacts/${id(waId)}/timeline?businessNumberId=${id(businessNumberId)}`, shaped<{ items: unknown[] }>({ items: 'array' })).then((t) => rowsOf(timelineItemShape)(t.items)),
  getQueue: () => request('GET', '/api/queue', shaped<{ waiting: number }>({ waiting: 'number' })),
  getDispositions: () => request('GET', '/api/dispositions', shaped<{ dispositions: string[] }>({ dispositions: 'array' })),
  /** Adds a contact by number as typed; the server validates it and answers the contact as seen from the line. */
  createContact: (body: CreateContact) => request('POST', '/api/contacts', shaped(contactShape), body),
  getContact: (waId: string, businessNumberId: string) =>
    request('GET', `/api/contacts/${id(waId)}?businessNumberId=${id(businessNumberId)}`, shaped(contactShape)),
  /** Free-form inside the customer-service window, the template outside: the server picks and says which. */
  requestPermission: (waId: string, businessNumberId: string, body?: string) =>
    request('POST', `/api/contacts/${id(waId)}/permission-request`, shaped<PermissionRequestResult>({ ok: 'boolean', via: 'string' }), body === undefined ? { businessNumberId } : { businessNumberId, body }),
  /** Asks Meta's `call_permissions` and answers the contact with `meta` filled. */
  refreshPermissionStatus: (waId: string, businessNumberId: string) =>
    request('POST', `/api/contacts/${id(waId)}/permission-status/refresh`, shaped(contactShape), { businessNumberId }),
  placeCall: (body: PlaceCall) => request('POST', '/api/calls', shaped<{ callId: string }>({ callId: 'string' }), body),
  preAccept: (callId: string, sdp: string) => request('POST', `/api/calls/${id(callId)}/pre-accept`, shaped<{ forwarded: boolean }>({ forwarded: 'boolean' }), { sdp }),
  accept: (callId: string, sdp: string) => request('POST', `/api/calls/${id(callId)}/accept`, ok, { sdp }),
  reject: (callId: string) => request('POST', `/api/calls/${id(callId)}/reject`, anything),
  hangUp: (callId: string) => request('POST', `/api/calls/${id(callId)}/hangup`, anything),
  postQuality: (callId: string, sample: QualitySample) => request('POST', `/api/calls/${id(callId)}/quality`, anything, sample),
};
export type AgentApi = typeof agentApi;
