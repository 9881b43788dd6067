/** The simulator's control API for one WhatsApp user (`sim-api.ts` contract), called cross-origin. */
import { anything, request } from '../../lib/api-client.ts';
import { shaped } from '../../lib/shape.ts';
import { phoneSnapshotShape } from './phone-shapes.ts';

export type PermissionResponse = 'accept' | 'accept_permanent' | 'decline';

export function createSimClient(baseUrl: string, waId: string) {
  const base = baseUrl.replace(/\/+$/, '');
  const user = `/_sim/phone/${encodeURIComponent(waId)}`;
  const call = (callId: string) => `${user}/calls/${encodeURIComponent(callId)}`;
  return {
    eventsUrl: `${base}${user}/events`,
    getPhone: () => request('GET', user, shaped(phoneSnapshotShape), undefined, base),
    /** User-initiated call to a business number. */
    startCall: (phoneNumberId: string) => request('POST', `${user}/calls`, shaped<{ call_id: string }>({ call_id: 'string' }), { phone_number_id: phoneNumberId }, base),
    /** Opens the phone's media leg: the simulator offers. */
    openMedia: (callId: string) => request('POST', `${call(callId)}/media`, shaped<{ sdp: string }>({ sdp: 'string' }), undefined, base),
    sendMediaAnswer: (callId: string, sdp: string) => request('POST', `${call(callId)}/media/answer`, anything, { sdp }, base),
    answer: (callId: string) => request('POST', `${call(callId)}/answer`, anything, undefined, base),
    decline: (callId: string) => request('POST', `${call(callId)}/decline`, anything, undefined, base),
    hangUp: (callId: string) => request('POST', `${call(callId)}/hangup`, anything, undefined, base),
    replyPermission: (requestId: string, response: PermissionResponse) =>
      request('POST', `${user}/permission-requests/${encodeURIComponent(requestId)}/reply`, anything, { response }, base),
  };
}

export type SimClient = ReturnType<typeof createSimClient>;
