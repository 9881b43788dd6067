/**
 * The Graph-shaped API (reference §2, §4, §7, §10.3): `/{version}/{phone_number_id}/calls`,
 * `/messages`, `/call_permissions`, `/settings`. Bearer token required (else OAuthException 190);
 * every refusal is Meta's error envelope with the catalog's HTTP status. Each request is logged.
 * The graph_errors fault answers before Meta's own rules; `call_permissions` is rate-limited per
 * number at the profile's rate (613).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { callActionSchema, callingSettingsSchema, outboundMessageSchema } from '../shared/meta-api.ts';
import { connectBusinessCall } from './business-calls.ts';
import { changeCallingSettings, settingsView } from './business-settings.ts';
import { terminateByBusiness } from './call-lifecycle.ts';
import { GraphError, invalidParameter, invalidToken, renderGraphError, unknownObject } from './graph-errors.ts';
import type { GraphRequestKind } from './graph-faults.ts';
import { recipientWaId } from './graph-recipient.ts';
import { callPermissionsView, sipError } from './pair-policy.ts';
import { sendPermissionRequest } from './permission-requests.ts';
import { requireBusinessSdp } from './sdp-check.ts';
import type { SimContext } from './sim-context.ts';
import { acceptCall, preAcceptCall, rejectCall } from './user-calls.ts';
import { contactOf, userBsuid, userPhone } from './webhook-envelope.ts';
import { usesSip, type BusinessNumber } from './world.ts';

type Params = { version: string; phoneNumberId: string };
interface LogInfo { receivedAt: number; action: string; callId?: string; messageId?: string; errorCode?: number; injected?: boolean }

const success = { messaging_product: 'whatsapp', success: true } as const;

/** Zod issues as one details line: "session.sdp: Invalid input: expected string, received undefined". */
function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw invalidParameter(result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
}

/** Registers the Graph routes on an encapsulated Fastify scope. */
export async function registerGraphRoutes(app: FastifyInstance, ctx: SimContext, accessToken: string): Promise<void> {
  const info = new WeakMap<FastifyRequest, LogInfo>();
  const note = (req: FastifyRequest, patch: Partial<LogInfo>) => Object.assign(info.get(req) ?? {}, patch);

  function business(req: FastifyRequest<{ Params: Params }>): BusinessNumber {
    const { version, phoneNumberId } = req.params;
    if (!/^v\d+\.\d+$/.test(version)) throw new GraphError(2500, '', { message: `Unknown path components: /${version}/${phoneNumberId}` });
    const found = ctx.world.business(phoneNumberId);
    if (!found) throw unknownObject(phoneNumberId, req.method === 'GET' ? 'get' : 'post');
    return found;
  }

  app.addHook('onRequest', async (req) => {
    info.set(req, { receivedAt: ctx.clock.now(), action: req.url.split('?')[0]?.split('/')[3] ?? 'unknown' });
    const header = req.headers.authorization;
    const query = (req.query as Record<string, unknown> | undefined)?.access_token;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : typeof query === 'string' ? query : undefined;
    if (token === undefined || token === '') throw invalidToken(true);
    if (token !== accessToken) throw invalidToken(false);
  });

  app.addHook('onResponse', async (req, reply) => {
    const entry = info.get(req);
    if (!entry) return;
    ctx.log.add({
      kind: 'graph', at: entry.receivedAt, action: entry.action, call_id: entry.callId ?? null, status: reply.statusCode,
      ...(entry.messageId ? { message_id: entry.messageId } : {}), ...(entry.errorCode ? { error_code: entry.errorCode } : {}),
      ...(entry.injected ? { injected: true } : {}),
    });
  });

  /** The graph_errors fault answers first when one of its rules matches the request. */
  function injectedFault(req: FastifyRequest, request: GraphRequestKind): void {
    const error = ctx.graphErrors.take(request);
    if (!error) return;
    note(req, { injected: true });
    throw error;
  }

  app.setErrorHandler((err: FastifyError | GraphError, req: FastifyRequest, reply: FastifyReply) => {
    const graphError = err instanceof GraphError ? err
      : (err.statusCode ?? 500) < 500 ? invalidParameter(err.message)
        : new GraphError(1, err.message);
    if (!(err instanceof GraphError) && (err.statusCode ?? 500) >= 500) req.log.error(err);
    note(req, { errorCode: graphError.code });
    const { status, body } = renderGraphError(graphError);
    return reply.code(status).send(body);
  });

  app.post<{ Params: Params }>('/:version/:phoneNumberId/calls', async (req) => {
    const from = business(req);
    const body = parse(callActionSchema, req.body);
    note(req, { action: body.action, ...('call_id' in body ? { callId: body.call_id } : {}) });
    injectedFault(req, { endpoint: 'calls', action: body.action, phoneNumberId: from.phoneNumberId });
    // connect checks SIP mode in Meta's validation order (after 138000).
    if (body.action !== 'connect' && usesSip(from)) throw sipError(from);
    switch (body.action) {
      case 'connect': {
        const waId = recipientWaId(ctx.world, body.to, body.recipient, 'to');
        const offerSdp = requireBusinessSdp(body.session, 'offer', 'connect');
        const call = connectBusinessCall(ctx, from, { waId, offerSdp, ...(body.biz_opaque_callback_data === undefined ? {} : { bizOpaque: body.biz_opaque_callback_data }) });
        note(req, { callId: call.id });
        return { messaging_product: 'whatsapp', calls: [{ id: call.id }] };
      }
      case 'pre_accept':
        await preAcceptCall(ctx, from, body.call_id, body.session);
        return success;
      case 'accept':
        await acceptCall(ctx, from, body.call_id, body.session, body.biz_opaque_callback_data);
        return success;
      case 'reject':
        rejectCall(ctx, from, body.call_id);
        return success;
      case 'terminate':
        terminateByBusiness(ctx, from, body.call_id);
        return success;
    }
  });

  app.post<{ Params: Params }>('/:version/:phoneNumberId/messages', async (req) => {
    const from = business(req);
    const message = parse(outboundMessageSchema, req.body);
    injectedFault(req, { endpoint: 'messages', phoneNumberId: from.phoneNumberId });
    const waId = recipientWaId(ctx.world, message.to, message.recipient, 'to');
    // Any template is taken as a call permission request template (reference §4.3).
    const body = message.type === 'interactive' ? message.interactive.body?.text ?? null : `Template "${message.template.name}": allow calls from this business?`;
    const sent = sendPermissionRequest(ctx, from, { waId, via: message.type === 'interactive' ? 'free_form' : 'template', body });
    note(req, { messageId: sent.id });
    const user = contactOf(ctx.world.user(waId));
    const contact = { input: message.to ?? message.recipient ?? waId, ...userPhone(user, 'wa_id'), ...userBsuid(user, 'user_id') };
    return { messaging_product: 'whatsapp', contacts: [contact], messages: [{ id: sent.id }] };
  });

  app.get<{ Params: Params; Querystring: { user_wa_id?: string; recipient?: string } }>('/:version/:phoneNumberId/call_permissions', async (req) => {
    const from = business(req);
    injectedFault(req, { endpoint: 'call_permissions', phoneNumberId: from.phoneNumberId });
    const perSecond = ctx.policy.profile.callPermissionsPerSecond;
    if (!ctx.rateLimits.take(`call_permissions:${from.phoneNumberId}`, ctx.clock.now(), perSecond)) {
      throw new GraphError(613, `Too many call_permissions requests: at most ${perSecond} per second on this business phone number.`);
    }
    const waId = recipientWaId(ctx.world, req.query.user_wa_id, req.query.recipient, 'user_wa_id');
    return callPermissionsView(ctx, from, waId);
  });

  app.get<{ Params: Params }>('/:version/:phoneNumberId/settings', async (req) => {
    const from = business(req);
    injectedFault(req, { endpoint: 'settings', phoneNumberId: from.phoneNumberId });
    return settingsView(from, ctx.clock.now());
  });

  app.post<{ Params: Params }>('/:version/:phoneNumberId/settings', async (req) => {
    const from = business(req);
    const settings = parse(callingSettingsSchema, req.body);
    injectedFault(req, { endpoint: 'settings', phoneNumberId: from.phoneNumberId });
    // Keys we do not model (call_hours, sip, …) are stored as sent and returned by GET.
    changeCallingSettings(ctx, from, settings.calling);
    return { success: true };
  });
}
