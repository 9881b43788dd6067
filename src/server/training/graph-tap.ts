/**
 * Puts every Graph request on the classroom timeline. The Graph client is built before the
 * server's context exists, so the tap is created first and attached once the context is ready;
 * requests before that (none in practice) are not recorded.
 */
import { captionGraph, type GraphFacts } from '../../shared/training-captions.ts';
import type { ServerContext } from '../context.ts';
import type { GraphExchange } from '../graph/graph-client.ts';
import { recordTimeline, type TimelineLine } from './timeline.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The timeline line for one Graph exchange. */
export function graphLine(x: GraphExchange, at: Date): TimelineLine {
  const url = new URL(x.path, 'http://graph');
  const [, pnid = null, endpoint = ''] = url.pathname.split('/').map(decodeURIComponent);
  const body = isRecord(x.request) ? x.request : {};
  const operation = str(body.action) ?? endpoint;
  const interactive = isRecord(body.interactive) ? body.interactive : {};
  const facts: GraphFacts = {
    operation,
    errorCode: x.error ? x.error.code : null,
    errorMessage: x.error?.metaMessage ?? null,
  };
  if (endpoint === 'messages') facts.message = body.type === 'template' ? 'template' : interactive.type === 'call_permission_request' ? 'permission_request' : 'other';
  if (endpoint === 'call_permissions' && isRecord(x.response) && isRecord(x.response.permission)) facts.permission = str(x.response.permission.status);
  const connected = isRecord(x.response) && Array.isArray(x.response.calls) && isRecord(x.response.calls[0]) ? str(x.response.calls[0].id) : null;
  return {
    at, direction: 'graph', kind: operation, businessNumberId: pnid,
    callId: str(body.call_id) ?? connected,
    waId: str(body.to) ?? str(body.recipient) ?? url.searchParams.get('user_wa_id') ?? url.searchParams.get('recipient'),
    caption: captionGraph(facts),
    json: { request: { method: x.method, path: x.path, body: x.request }, response: { status: x.status, body: x.response } },
  };
}

export interface GraphTap {
  onExchange(x: GraphExchange): void;
  attach(ctx: Pick<ServerContext, 'bus' | 'log' | 'now' | 'classroom'>): void;
}

export function createGraphTap(): GraphTap {
  let ctx: Pick<ServerContext, 'bus' | 'log' | 'now' | 'classroom'> | null = null;
  return {
    onExchange(x) {
      if (ctx) void recordTimeline(ctx, graphLine(x, ctx.now()));
    },
    attach(c) { if (c.classroom) ctx = c; },
  };
}
