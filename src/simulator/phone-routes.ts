/**
 * The phone page's API under `/_sim/phone/{wa_id}/…`: its snapshot and event stream, the media
 * leg between the page's browser and the simulator, and what the person does (call a business,
 * answer, decline, hang up, reply to a permission request). Open without the control token: it is
 * what a WhatsApp user's own phone does.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { permissionReplyChoiceSchema, sdpBodySchema, startUserCallSchema } from '../shared/sim-api.ts';
import type { SimCall } from './call-registry.ts';
import { corsHeaders, type ControlAccess } from './control-access.ts';
import { ControlError, parseOr400, waIdParam } from './control-errors.ts';
import { errorMessage } from './errors-text.ts';
import { userAnswers, userDeclines, userHangsUp } from './phone-actions.ts';
import { phoneSnapshot } from './phone-snapshot.ts';
import { replyToPermissionRequest } from './permission-requests.ts';
import type { SimCore } from './sim-core.ts';
import { placeUserCall } from './user-calls.ts';

const ok = { ok: true } as const;

/** Registers the phone page routes on the `/_sim` scope. */
export async function registerPhoneRoutes(app: FastifyInstance, core: SimCore, access: ControlAccess): Promise<void> {
  const { ctx } = core;

  function userCall(req: FastifyRequest): SimCall {
    const waId = waIdParam(req);
    const callId = (req.params as { callId: string }).callId;
    const call = ctx.calls.get(callId);
    if (!call || call.waId !== waId) throw new ControlError('not_found', `No call ${callId} for ${waId}.`);
    return call;
  }

  function liveUserCall(req: FastifyRequest): SimCall {
    const call = userCall(req);
    if (call.state === 'ended') throw new ControlError('conflict', `Call ${call.id} has already ended.`);
    return call;
  }

  app.get('/phone/:waId', async (req) => phoneSnapshot(ctx, waIdParam(req)));

  app.get('/phone/:waId/events', async (req, reply) => {
    const waId = waIdParam(req);
    reply.hijack();
    core.hub.attach(waId, reply.raw, corsHeaders(access, req.headers.origin));
  });

  app.post('/phone/:waId/calls', async (req) => {
    const call = await placeUserCall(ctx, waIdParam(req), parseOr400(startUserCallSchema, req.body));
    return { call_id: call.id };
  });

  app.post('/phone/:waId/calls/:callId/media', async (req) => {
    const call = liveUserCall(req);
    try {
      return { sdp: await call.media.openPhoneLeg() };
    } catch (err) {
      throw new ControlError('conflict', `The phone leg could not be opened: ${errorMessage(err)}`);
    }
  });

  app.post('/phone/:waId/calls/:callId/media/answer', async (req) => {
    const call = liveUserCall(req);
    const { sdp } = parseOr400(sdpBodySchema, req.body);
    try {
      await call.media.acceptPhoneAnswer(sdp);
    } catch (err) {
      throw new ControlError('bad_request', `The phone's answer could not be applied: ${errorMessage(err)}`);
    }
    return ok;
  });

  app.post('/phone/:waId/calls/:callId/answer', async (req) => {
    userAnswers(ctx, userCall(req));
    return ok;
  });

  app.post('/phone/:waId/calls/:callId/decline', async (req) => {
    userDeclines(ctx, userCall(req));
    return ok;
  });

  app.post('/phone/:waId/calls/:callId/hangup', async (req) => {
    userHangsUp(ctx, userCall(req));
    return ok;
  });

  app.post('/phone/:waId/permission-requests/:requestId/reply', async (req) => {
    const waId = waIdParam(req);
    const { response } = parseOr400(permissionReplyChoiceSchema, req.body);
    replyToPermissionRequest(ctx, waId, (req.params as { requestId: string }).requestId, response);
    return ok;
  });
}
