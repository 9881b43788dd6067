/**
 * A Meta-shaped Graph API for server tests: a real HTTP server on an ephemeral port that answers
 * like graph.facebook.com — a bearer token check, Meta's error envelope with the catalog's HTTP
 * statuses, `call_permissions` in Meta's shapes and their variants — scripted per test and
 * recording every request. The simulator is the full fake of Meta's side; this one exists so a
 * test can make Meta say exactly what it needs, including what the simulator never says.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { metaErrorCatalog, type MetaErrorCode } from '../../shared/meta-errors.ts';

export interface GraphRequest {
  method: string;
  /** `/v23.0/100000000000001/calls` */
  path: string;
  query: URLSearchParams;
  body: unknown;
  authorization: string | undefined;
}

/** What the fake answers: a status and a JSON body, or a raw text body (a proxy's HTML page, say). */
export type GraphReply = { status: number; body: unknown } | { status: number; text: string };

/** The kinds of request a test scripts. */
export type GraphRoute = 'connect' | 'call_action' | 'messages' | 'call_permissions';

type Script = (request: GraphRequest) => GraphReply;

/** Meta's error envelope for a calling code, with the HTTP status of Meta's catalog (reference §2.6, §6). */
export function graphError(code: MetaErrorCode, details = ''): GraphReply {
  const { http, title } = metaErrorCatalog[code];
  return {
    status: http,
    body: {
      error: {
        message: `(#${code}) ${title}`, type: 'OAuthException', code,
        ...(details ? { error_data: { messaging_product: 'whatsapp', details } } : {}),
        fbtrace_id: `AfakeTrace${code}`,
      },
    },
  };
}

export interface PermissionsShape {
  status: 'no_permission' | 'temporary' | 'permanent';
  /** Unix seconds of a temporary permission's end. */
  expires?: number;
  /** Which key Meta uses for it: the table says `expiration`, the sample `expiration_time`. */
  expiryKey?: 'expiration' | 'expiration_time';
  startCall: { can: boolean; used: number; max: number; limitExpiration?: number };
  request: { can: boolean; day: [used: number, max: number]; week: [used: number, max: number] };
  /** Numbers as numeric strings, as some of Meta's samples have them. */
  stringNumbers?: boolean;
  /** Leave out `messaging_product`. */
  omitMessagingProduct?: boolean;
  /** Fields Ringside does not know, at every level. */
  extraFields?: boolean;
}

/** A `call_permissions` answer in Meta's shape (reference §4.5), with the variants its documents show. */
export function permissionsAnswer(shape: PermissionsShape): GraphReply {
  const n = (value: number) => (shape.stringNumbers ? String(value) : value);
  const extra = shape.extraFields ? { is_business_verified: true, debug_info: { source: 'fake' } } : {};
  const limit = (period: string, used: number, max: number, expires?: number) => ({
    time_period: period, max_allowed: n(max), current_usage: n(used), ...(expires === undefined ? {} : { limit_expiration_time: n(expires) }), ...extra,
  });
  return {
    status: 200,
    body: {
      ...(shape.omitMessagingProduct ? {} : { messaging_product: 'whatsapp' }),
      permission: { status: shape.status, ...(shape.expires === undefined ? {} : { [shape.expiryKey ?? 'expiration_time']: n(shape.expires) }), ...extra },
      actions: [
        { action_name: 'send_call_permission_request', can_perform_action: shape.request.can, limits: [limit('PT24H', ...shape.request.day), limit('P7D', ...shape.request.week)], ...extra },
        { action_name: 'start_call', can_perform_action: shape.startCall.can, limits: [limit('PT24H', shape.startCall.used, shape.startCall.max, shape.startCall.limitExpiration)], ...extra },
        ...(shape.extraFields ? [{ action_name: 'send_voice_note', can_perform_action: true, limits: [] }] : []),
      ],
      ...extra,
    },
  };
}

function routeOf(method: string, path: string, body: unknown): GraphRoute | null {
  const action = (body as { action?: unknown } | undefined)?.action;
  if (method === 'POST' && path.endsWith('/calls')) return action === 'connect' ? 'connect' : 'call_action';
  if (method === 'POST' && path.endsWith('/messages')) return 'messages';
  if (method === 'GET' && path.endsWith('/call_permissions')) return 'call_permissions';
  return null;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

export interface FakeGraph {
  /** Base URL for the Graph client (`WHATSAPP_GRAPH_URL`). */
  url: string;
  token: string;
  /** Every request, in arrival order. */
  requests: GraphRequest[];
  /** Requests of one kind. */
  requestsTo(route: GraphRoute): GraphRequest[];
  /** Makes Meta answer `route` with `script` from now on (until replaced or `reset`). */
  on(route: GraphRoute, script: Script | GraphReply): void;
  /** Back to the defaults; forgets recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeGraph(token = 'fake-graph-token'): Promise<FakeGraph> {
  let sequence = 0;
  const defaults: Record<GraphRoute, Script> = {
    connect: () => ({ status: 200, body: { messaging_product: 'whatsapp', calls: [{ id: `wacid.FAKE${++sequence}` }] } }),
    call_action: () => ({ status: 200, body: { messaging_product: 'whatsapp', success: true } }),
    messages: (r) => {
      const to = (r.body as { to?: string; recipient?: string }).to ?? (r.body as { recipient?: string }).recipient ?? '';
      return { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to }], messages: [{ id: `wamid.FAKE${++sequence}` }] } };
    },
    call_permissions: () => permissionsAnswer({ status: 'no_permission', startCall: { can: false, used: 0, max: 100 }, request: { can: true, day: [0, 1], week: [0, 2] } }),
  };
  let scripts = { ...defaults };
  const requests: GraphRequest[] = [];

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://fake.graph');
      let body: unknown;
      try {
        body = await readBody(req);
      } catch {
        body = { unparsable: true };
      }
      const request: GraphRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, body, authorization: req.headers.authorization };
      requests.push(request);
      const route = routeOf(request.method, request.path, body);
      let reply: GraphReply;
      if (request.authorization !== `Bearer ${token}`) {
        reply = { status: 401, body: { error: { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190, fbtrace_id: 'AfakeTrace190' } } };
      } else if (!route) {
        reply = { status: 400, body: { error: { message: 'Unknown path components', type: 'OAuthException', code: 2500, fbtrace_id: 'AfakeTrace2500' } } };
      } else {
        reply = scripts[route](request);
      }
      res.writeHead(reply.status, { 'content-type': 'text' in reply ? 'text/html' : 'application/json' });
      res.end('text' in reply ? reply.text : JSON.stringify(reply.body));
    })();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    requests,
    requestsTo: (route) => requests.filter((r) => routeOf(r.method, r.path, r.body) === route),
    on(route, script) {
      scripts[route] = typeof script === 'function' ? script : () => script;
    },
    reset() {
      scripts = { ...defaults };
      requests.length = 0;
    },
    close: () => new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
