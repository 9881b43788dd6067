/**
 * The only code that talks to Meta's Graph API (or to the simulator, which answers the same way).
 * Graph errors become `GraphError`s carrying Meta's code and a plain-language message.
 */
import { z } from 'zod';
import {
  connectResponseSchema, graphErrorSchema, messageResponseSchema, successResponseSchema, type CallAction, type OutboundMessage,
} from '../../shared/meta-api.ts';
import { isBsuid } from '../../shared/customer-id.ts';
import { agentMessageFor } from '../../shared/meta-errors.ts';

export class GraphError extends Error {
  constructor(
    readonly code: number,
    readonly httpStatus: number,
    /** Meta's own message, e.g. "(#138006) No approved call permission from the recipient". */
    readonly metaMessage: string,
    readonly details: string | undefined,
  ) {
    super(agentMessageFor(code, metaMessage));
    this.name = 'GraphError';
  }
}

export interface GraphClientOptions {
  baseUrl: string;
  version: string;
  accessToken: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Told about every request once it ends (metrics): operation, outcome and latency. */
  observe?: (o: GraphObservation) => void;
  /** Told about every request with its JSON and WhatsApp's answer (the classroom timeline). */
  onExchange?: (x: GraphExchange) => void;
}

/** One Graph request as sent and answered; `status` is null when nothing answered. */
export interface GraphExchange { method: string; path: string; request: unknown; status: number | null; response: unknown; error: GraphError | null }

export interface GraphObservation { operation: string; outcome: 'ok' | 'refused' | 'failed'; seconds: number }

export type GraphClient = ReturnType<typeof createGraphClient>;

/** A customer as Graph takes them: a wa_id as `to`, a business-scoped user id as `recipient` (reference §1.1). */
export function addressee(customer: string): { to: string } | { recipient: string } {
  return isBsuid(customer) ? { recipient: customer } : { to: customer };
}

export function createGraphClient(opts: GraphClientOptions) {
  const doFetch = opts.fetch ?? fetch;
  const base = `${opts.baseUrl.replace(/\/$/, '')}/${opts.version}`;

  async function request<T>(method: 'GET' | 'POST', path: string, schema: z.ZodType<T>, body?: unknown): Promise<T> {
    if (!opts.observe) return send(method, path, schema, body);
    const started = performance.now();
    const operation = (body as { action?: string } | undefined)?.action ?? (path.includes('/call_permissions') ? 'call_permissions' : path.endsWith('/messages') ? 'send_message' : method);
    const observe = (outcome: GraphObservation['outcome']) => opts.observe!({ operation, outcome, seconds: (performance.now() - started) / 1000 });
    try {
      const result = await send(method, path, schema, body);
      observe('ok');
      return result;
    } catch (err) {
      observe(err instanceof GraphError && err.httpStatus < 500 ? 'refused' : 'failed');
      throw err;
    }
  }

  async function send<T>(method: 'GET' | 'POST', path: string, schema: z.ZodType<T>, body?: unknown): Promise<T> {
    if (!opts.onExchange) return exchange(method, path, schema, body, () => undefined);
    let answered: { status: number | null; response: unknown } = { status: null, response: null };
    try {
      const result = await exchange(method, path, schema, body, (a) => { answered = a; });
      opts.onExchange({ method, path, request: body ?? null, ...answered, error: null });
      return result;
    } catch (err) {
      opts.onExchange({ method, path, request: body ?? null, ...answered, error: err instanceof GraphError ? err : null });
      throw err;
    }
  }

  async function exchange<T>(method: 'GET' | 'POST', path: string, schema: z.ZodType<T>, body: unknown, answer: (a: { status: number; response: unknown }) => void): Promise<T> {
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${opts.accessToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
      });
    } catch (cause) {
      throw new GraphError(138004, 503, `Graph API unreachable: ${(cause as Error).message}`, undefined);
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new GraphError(138004, res.status, `Graph API answered ${res.status} with a non-JSON body`, text.slice(0, 200));
    }
    answer({ status: res.status, response: json });
    if (!res.ok) {
      const err = graphErrorSchema.safeParse(json);
      if (err.success) throw new GraphError(err.data.error.code, res.status, err.data.error.message, err.data.error.error_data?.details);
      throw new GraphError(138004, res.status, `Graph API answered ${res.status}`, text.slice(0, 200));
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new GraphError(138004, res.status, 'Graph API answered with an unexpected shape', parsed.error.message);
    return parsed.data;
  }

  const calls = (phoneNumberId: string) => `/${encodeURIComponent(phoneNumberId)}/calls`;
  const act = (phoneNumberId: string, action: CallAction) => request('POST', calls(phoneNumberId), successResponseSchema, action);

  return {
    /** Business-initiated call: returns Meta's call id. */
    async connect(phoneNumberId: string, to: string, offerSdp: string, opaque?: string): Promise<string> {
      const action: CallAction = { messaging_product: 'whatsapp', action: 'connect', ...addressee(to), session: { sdp_type: 'offer', sdp: offerSdp }, biz_opaque_callback_data: opaque };
      const res = await request('POST', calls(phoneNumberId), connectResponseSchema, action);
      return res.calls[0]!.id;
    },
    preAccept: (phoneNumberId: string, callId: string, answerSdp: string) =>
      act(phoneNumberId, { messaging_product: 'whatsapp', action: 'pre_accept', call_id: callId, session: { sdp_type: 'answer', sdp: answerSdp } }),
    accept: (phoneNumberId: string, callId: string, answerSdp: string) =>
      act(phoneNumberId, { messaging_product: 'whatsapp', action: 'accept', call_id: callId, session: { sdp_type: 'answer', sdp: answerSdp } }),
    reject: (phoneNumberId: string, callId: string) => act(phoneNumberId, { messaging_product: 'whatsapp', action: 'reject', call_id: callId }),
    terminate: (phoneNumberId: string, callId: string) => act(phoneNumberId, { messaging_product: 'whatsapp', action: 'terminate', call_id: callId }),
    /** Interactive call permission request (inside the customer-service window) or template. Returns the wamid. */
    async sendMessage(phoneNumberId: string, message: OutboundMessage): Promise<string> {
      const res = await request('POST', `/${encodeURIComponent(phoneNumberId)}/messages`, messageResponseSchema, message);
      return res.messages[0]!.id;
    },
    /** Meta's answer as sent: read it with `readCallPermissions`, so an answer we cannot read is not a Graph failure. */
    callPermissions: (phoneNumberId: string, customer: string): Promise<unknown> => {
      // 2026: a business-scoped user id goes as `recipient` (reference §4.5).
      const query = isBsuid(customer) ? `recipient=${encodeURIComponent(customer)}` : `user_wa_id=${encodeURIComponent(customer)}`;
      return request('GET', `/${encodeURIComponent(phoneNumberId)}/call_permissions?${query}`, z.unknown());
    },
  };
}
