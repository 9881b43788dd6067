/**
 * The agent API over fetch. Every response is parsed with the shared zod schema; every failure is
 * thrown as an `AppError` rebuilt from the server's `{ error: { code, message, metaCode? } }` body.
 * This module never renders, notifies or navigates: callers decide what the agent sees.
 */
import { z } from 'zod';
import {
  callSummarySchema,
  configSchema,
  contactSchema,
  businessNumberSchema,
  meSchema,
  okSchema,
  permissionRequestResultSchema,
  placeCallResultSchema,
  preAcceptResultSchema,
  type CreateContact,
  type PlaceCall,
  type Presence,
  type SignIn,
} from '../../shared/agent-api.ts';
import { AppError, appErrorResponseSchema, type AppErrorCode } from '../../shared/errors.ts';

const statusCodes: Record<number, AppErrorCode> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
};

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One request: JSON in, zod-parsed JSON out, `AppError` on any failure. */
export async function request<T>(method: Method, path: string, schema: z.ZodType<T>, body?: unknown, base = ''): Promise<T> {
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
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new AppError({ code: 'internal', message: `Unexpected answer from ${path}.`, details: z.prettifyError(parsed.error) });
  }
  return parsed.data;
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function errorFrom(status: number, json: unknown): AppError {
  const ours = appErrorResponseSchema.safeParse(json);
  if (ours.success) return new AppError(ours.data.error);
  // Other envelopes (the simulator speaks Graph's): keep their message when there is one.
  const message = z.object({ error: z.object({ message: z.string() }) }).safeParse(json);
  return new AppError({
    code: statusCodes[status] ?? 'internal',
    message: message.success ? message.data.error.message : `The server answered ${status}.`,
  });
}

const id = encodeURIComponent;
const anything = z.unknown();

/** Every agent endpoint, typed by the shared contract. */
export const agentApi = {
  getConfig: () => request('GET', '/api/config', configSchema),
  getMe: () => request('GET', '/api/me', meSchema),
  signIn: (body: SignIn) => request('POST', '/api/session', meSchema, body),
  signOut: () => request('DELETE', '/api/session', anything),
  setPresence: (presence: Presence) => request('PUT', '/api/me/presence', meSchema, { presence }),
  getBusinessNumbers: () => request('GET', '/api/business-numbers', z.array(businessNumberSchema)),
  getContacts: (businessNumberId: string) =>
    request('GET', `/api/contacts?businessNumberId=${id(businessNumberId)}`, z.array(contactSchema)),
  getCalls: () => request('GET', '/api/calls', z.array(callSummarySchema)),
  /** Adds a contact by number as typed; the server validates it and answers the contact as seen from the line. */
  createContact: (body: CreateContact) => request('POST', '/api/contacts', contactSchema, body),
  getContact: (waId: string, businessNumberId: string) =>
    request('GET', `/api/contacts/${id(waId)}?businessNumberId=${id(businessNumberId)}`, contactSchema),
  /** Free-form inside the customer-service window, the template outside: the server picks and says which. */
  requestPermission: (waId: string, businessNumberId: string, body?: string) =>
    request('POST', `/api/contacts/${id(waId)}/permission-request`, permissionRequestResultSchema, body === undefined ? { businessNumberId } : { businessNumberId, body }),
  /** Asks Meta's `call_permissions` and answers the contact with `meta` filled. */
  refreshPermissionStatus: (waId: string, businessNumberId: string) =>
    request('POST', `/api/contacts/${id(waId)}/permission-status/refresh`, contactSchema, { businessNumberId }),
  placeCall: (body: PlaceCall) => request('POST', '/api/calls', placeCallResultSchema, body),
  preAccept: (callId: string, sdp: string) => request('POST', `/api/calls/${id(callId)}/pre-accept`, preAcceptResultSchema, { sdp }),
  accept: (callId: string, sdp: string) => request('POST', `/api/calls/${id(callId)}/accept`, okSchema, { sdp }),
  reject: (callId: string) => request('POST', `/api/calls/${id(callId)}/reject`, anything),
  hangUp: (callId: string) => request('POST', `/api/calls/${id(callId)}/hangup`, anything),
};
export type AgentApi = typeof agentApi;
