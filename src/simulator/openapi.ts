/**
 * The OpenAPI document served on `GET /_sim/openapi.json`, built from the same zod schemas the
 * handlers validate with: the control API (`/_sim`) and the Graph-compatible routes.
 */
import { z } from 'zod';
import {
  callActionSchema, callingSettingsSchema, callPermissionsResponseSchema, connectResponseSchema, messageResponseSchema,
  outboundMessageSchema, successResponseSchema,
} from '../shared/meta-api.ts';
import { buildOpenApi, type ApiRoute } from '../shared/openapi.ts';
import {
  clockAdvanceSchema, clockResultSchema, permissionReplyChoiceSchema, phoneSnapshotSchema, sdpBodySchema, simBusinessNumberListSchema,
  simCallListSchema, simCallSchema, simClockSchema, simLogQuerySchema, simLogSchema, simOkSchema, simPolicyPutSchema, simPolicySchema,
  simUserCreateSchema, simUserListSchema, simUserPatchSchema, simUserPermissionResultSchema, simUserPermissionSchema, simUserSchema,
  simWorldSchema, startUserCallResultSchema, startUserCallSchema,
} from '../shared/sim-api.ts';
import { simFaultsPatchSchema, simFaultsSchema } from '../shared/sim-api-faults.ts';
import {
  simAllowListSchema, simBusinessNumberDetailSchema, simCallingPatchSchema, simRestrictionSchema, simViolationSchema,
} from '../shared/sim-api-numbers.ts';

const control = ['Simulator control'];
const phone = ['Phone page'];
const graph = ['Graph API (Meta-compatible)'];
const graphErrors = {
  400: 'Meta error envelope: 100 (invalid parameter, SDP rules, unknown or ended call, unknown recipient), 131026, 131030 (test number allow-list), 131055 (SIP enabled), 138001, 138003, 138009, 138012, 138013, 138014 (calling restricted), 138017',
  401: 'Meta error envelope: 190 (bearer token), 138000 (calling disabled), 138006 (no permission)',
  429: 'Meta error envelope: 138002 (concurrent calls), 613 (call_permissions rate)',
  500: 'Meta error envelope: any code injected with the graph_errors fault, at its catalog status (e.g. 138004)',
};
const phoneErrors = { 400: 'bad_request', 404: 'not_found', 409: 'conflict (the call or request is not in a state that allows this)' };
// Control routes also answer 401 unauthenticated without the control token, when one is configured.
const controlErrors = { ...phoneErrors, 401: 'unauthenticated (SIMULATOR_CONTROL_TOKEN is set and the bearer token is missing or wrong)' };

const routes: ApiRoute[] = [
  { method: 'get', path: '/_sim/business-numbers', summary: 'Business phone numbers on the simulated Cloud API', tags: control, response: simBusinessNumberListSchema, errors: controlErrors },
  { method: 'get', path: '/_sim/users', summary: 'Every user the world knows (seeded, added, or met)', tags: control, response: simUserListSchema, errors: controlErrors },
  { method: 'post', path: '/_sim/users', summary: 'Add a user by number, typed as a person would (201; 200 and updated when the user exists)', tags: control, body: simUserCreateSchema, response: simUserSchema, errors: controlErrors },
  { method: 'get', path: '/_sim/users/{id}', summary: 'A WhatsApp user and their script; {id} is a wa_id (any wa_id is a user) or a known business-scoped user id', tags: control, response: simUserSchema, errors: controlErrors },
  { method: 'put', path: '/_sim/users/{id}', summary: "Change a user's name, script (on_call answer|decline|ignore|busy, on_permission_request, audio), identity (user_id, username, phone_hidden) or on_whatsapp", tags: control, body: simUserPatchSchema, response: simUserSchema, errors: controlErrors },
  { method: 'post', path: '/_sim/users/{id}/calls', summary: 'The user calls a business number (user-initiated call), optionally from a call button (cta_payload) or deep link (deeplink_payload)', tags: control, body: startUserCallSchema, response: startUserCallResultSchema, errors: controlErrors },
  { method: 'get', path: '/_sim/clock', summary: "The simulator clock: now (epoch ms) and its offset from wall time", tags: control, response: simClockSchema },
  { method: 'get', path: '/_sim/business-numbers/{phone_number_id}', summary: 'A business number with its calling settings, restrictions in force and allow-list', tags: control, response: simBusinessNumberDetailSchema, errors: controlErrors },
  { method: 'put', path: '/_sim/business-numbers/{phone_number_id}/settings', summary: 'Change calling settings as Graph POST /settings does (status, call_icon_visibility, callback_permission_status, sip…); announced changes send account_settings_update', tags: control, body: simCallingPatchSchema, response: simBusinessNumberDetailSchema, errors: controlErrors },
  { method: 'get', path: '/_sim/business-numbers/{phone_number_id}/allow-list', summary: "A sandbox number's recipients (anyone else: 131030)", tags: control, response: simAllowListSchema, errors: controlErrors },
  { method: 'put', path: '/_sim/business-numbers/{phone_number_id}/allow-list', summary: "Replace a sandbox number's recipients (409 on a production number)", tags: control, body: simAllowListSchema, response: simAllowListSchema, errors: controlErrors },
  { method: 'post', path: '/_sim/business-numbers/{phone_number_id}/violations', summary: 'WhatsApp warns the business: account_update ACCOUNT_VIOLATION', tags: control, body: simViolationSchema, response: simBusinessNumberDetailSchema, errors: controlErrors },
  { method: 'post', path: '/_sim/business-numbers/{phone_number_id}/restrictions', summary: 'WhatsApp restricts the number (default 7 days of simulator time): account_update ACCOUNT_RESTRICTION; business-initiated restrictions refuse connect and requests with 138014 until they expire', tags: control, body: simRestrictionSchema, response: simBusinessNumberDetailSchema, errors: controlErrors },
  { method: 'delete', path: '/_sim/business-numbers/{phone_number_id}/restrictions', summary: 'Lift every restriction early (no webhook: Meta documents none)', tags: control, response: simBusinessNumberDetailSchema, errors: controlErrors },
  { method: 'post', path: '/_sim/users/{id}/permissions', summary: "The user acts on their own: grant_temporary / grant_permanent from the business's profile, decline the open request, revoke (webhook UNCONFIRMED)", tags: control, body: simUserPermissionSchema, response: simUserPermissionResultSchema, errors: controlErrors },
  { method: 'post', path: '/_sim/clock', summary: 'Advance the simulator clock, firing due timers in order', tags: control, body: clockAdvanceSchema, response: simClockSchema },
  { method: 'get', path: '/_sim/world', summary: 'Which seeding the world comes from: an id minted at each seed or reset, and the simulator-clock time of that seed', tags: control, response: simWorldSchema },
  { method: 'get', path: '/_sim/policy', summary: "The policy profile in force: which reading of Meta's calling limits is enforced", tags: control, response: simPolicySchema },
  { method: 'put', path: '/_sim/policy', summary: "Switch the policy profile (seed-2025 | meta-2026) until the next reset; ledgers are kept", tags: control, body: simPolicyPutSchema, response: simPolicySchema, errors: { 400: 'bad_request (unknown profile)' } },
  { method: 'post', path: '/_sim/reset', summary: 'Back to the seed under a new world id: live calls end with terminate, media closed, clock offset 0, the configured policy profile, faults off, log cleared; the state file (if any) is rewritten before the answer', tags: control, response: clockResultSchema, errors: controlErrors },
  { method: 'get', path: '/_sim/faults', summary: 'The fault state: duplicate and reordered webhooks, pending injected Graph errors', tags: control, response: simFaultsSchema, errors: controlErrors },
  { method: 'put', path: '/_sim/faults', summary: "Faults Meta produces: duplicate_webhooks, reorder_webhooks (each delivery after a random 0..reorder_max_delay_ms real-time delay; reorder_seed replays), graph_errors (the next answers of an endpoint or /calls action as one of Meta's codes)", tags: control, body: simFaultsPatchSchema, response: simFaultsSchema, errors: controlErrors },
  { method: 'get', path: '/_sim/calls', summary: 'The latest calls (live and ended), with DTMF digits the business sent and packet counts', tags: control, response: simCallListSchema, errors: controlErrors },
  { method: 'get', path: '/_sim/calls/{call_id}', summary: 'One call as Meta\'s side knows it, with the DTMF digits the business sent (Meta sends no DTMF webhook)', tags: control, response: simCallSchema, errors: controlErrors },
  { method: 'get', path: '/_sim/log', summary: 'Graph requests received, webhook delivery attempts and DTMF digits heard (bounded)', tags: control, query: simLogQuerySchema, response: simLogSchema },
  { method: 'post', path: '/_sim/phone/{wa_id}/calls', summary: 'The user calls a business number from their phone (user-initiated call)', tags: phone, body: startUserCallSchema, response: startUserCallResultSchema, errors: phoneErrors },
  { method: 'get', path: '/_sim/phone/{wa_id}', summary: "What the user's phone shows", tags: phone, response: phoneSnapshotSchema },
  { method: 'get', path: '/_sim/phone/{wa_id}/events', summary: 'Server-sent events (PhoneEvent JSON in `data:`); while one is open a person decides instead of the script', tags: phone },
  { method: 'post', path: '/_sim/phone/{wa_id}/calls/{call_id}/media', summary: "The simulator's SDP offer for the phone page's media leg", tags: phone, response: sdpBodySchema, errors: phoneErrors },
  { method: 'post', path: '/_sim/phone/{wa_id}/calls/{call_id}/media/answer', summary: "The phone page's SDP answer", tags: phone, body: sdpBodySchema, response: simOkSchema, errors: phoneErrors },
  { method: 'post', path: '/_sim/phone/{wa_id}/calls/{call_id}/answer', summary: 'Pick up a ringing business call', tags: phone, response: simOkSchema, errors: phoneErrors },
  { method: 'post', path: '/_sim/phone/{wa_id}/calls/{call_id}/decline', summary: 'Decline a ringing business call', tags: phone, response: simOkSchema, errors: phoneErrors },
  { method: 'post', path: '/_sim/phone/{wa_id}/calls/{call_id}/hangup', summary: 'Hang up (or cancel an outgoing call, or decline a ringing one)', tags: phone, response: simOkSchema, errors: phoneErrors },
  { method: 'post', path: '/_sim/phone/{wa_id}/permission-requests/{request_id}/reply', summary: 'Answer a call permission request', tags: phone, body: permissionReplyChoiceSchema, response: simOkSchema, errors: phoneErrors },
  { method: 'post', path: '/{version}/{phone_number_id}/calls', summary: 'connect, pre_accept, accept, reject, terminate (Bearer token)', tags: graph, body: callActionSchema, response: connectResponseSchema.or(successResponseSchema), errors: graphErrors },
  { method: 'post', path: '/{version}/{phone_number_id}/messages', summary: 'Call permission request: interactive call_permission_request, or any template', tags: graph, body: outboundMessageSchema, response: messageResponseSchema, errors: graphErrors },
  { method: 'get', path: '/{version}/{phone_number_id}/call_permissions', summary: "A user's call permission and limits", tags: graph, query: z.object({ user_wa_id: z.string().optional(), recipient: z.string().optional().describe('2026: a business-scoped user id instead of user_wa_id') }), response: callPermissionsResponseSchema, errors: graphErrors },
  { method: 'get', path: '/{version}/{phone_number_id}/settings', summary: 'Call settings', tags: graph, response: callingSettingsSchema, errors: graphErrors },
  { method: 'post', path: '/{version}/{phone_number_id}/settings', summary: 'Change call settings (calling.status ENABLED|DISABLED, …)', tags: graph, body: callingSettingsSchema, response: successResponseSchema, errors: graphErrors },
];

/** The simulator's OpenAPI 3.1 document. */
export function buildSimulatorOpenApi(): Record<string, unknown> {
  return buildOpenApi({
    title: 'Ringside WhatsApp Calling simulator',
    version: '1.0.0',
    description: "A local stand-in for Meta's WhatsApp Cloud API Calling: Graph-compatible routes plus a control API (/_sim) that plays the WhatsApp users.",
  }, routes);
}
