/**
 * Control routes that show the calls Meta's side knows (live ones and the latest ended ones),
 * with what only the simulator can see: the DTMF digits the business sent, and packet counts.
 */
import type { FastifyInstance } from 'fastify';
import type { SimCallView } from '../shared/sim-api.ts';
import type { SimCall } from './call-registry.ts';
import { ControlError } from './control-errors.ts';
import type { SimCore } from './sim-core.ts';

function callView(call: SimCall): SimCallView {
  const { stats } = call.media;
  return {
    call_id: call.id, direction: call.direction, phone_number_id: call.phoneNumberId, wa_id: call.waId, state: call.state,
    created_at: call.createdAt, answered_at: call.answeredAt, ended_at: call.endedAt, end_reason: call.endReason,
    ...(call.bizOpaque === undefined ? {} : { biz_opaque_callback_data: call.bizOpaque }),
    ...(call.ctaPayload === undefined ? {} : { cta_payload: call.ctaPayload }),
    ...(call.deeplinkPayload === undefined ? {} : { deeplink_payload: call.deeplinkPayload }),
    dtmf: call.dtmf.map((d) => ({ ...d })),
    media: {
      business_packets_in: stats.businessPacketsIn, business_packets_out: stats.businessPacketsOut,
      phone_packets_in: stats.phonePacketsIn, phone_packets_out: stats.phonePacketsOut,
    },
  };
}

export function registerCallRoutes(app: FastifyInstance, core: SimCore): void {
  const { ctx } = core;
  app.get('/calls', async () => ctx.calls.latest().map(callView));
  app.get('/calls/:callId', async (req) => {
    const { callId } = req.params as { callId: string };
    const call = ctx.calls.get(callId);
    if (!call) throw new ControlError('not_found', `No call ${callId} (ended calls are kept for the latest 1000).`);
    return callView(call);
  });
}
