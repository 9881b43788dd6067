/**
 * Leaving the page during a call. `beforeunload` asks first (softphone-page.tsx); if the agent leaves
 * anyway, `pagehide` ends the call at the server with a `keepalive` request, which outlives the page
 * (a ringing call is declined so it can ring someone else). The call's id is kept in sessionStorage,
 * so after a reload the softphone shows that call as ended, with the outcome the server recorded,
 * instead of a silent ghost the customer is still on.
 */
import type { CallSummary } from '../../../shared/agent-api.ts';
import type { CallController } from '../../call/call-controller.ts';

export const LEFT_CALL_KEY = 'ringside.left-call';

export function endCallOnPageLeave(controller: CallController): () => void {
  const onHide = () => {
    const call = controller.store.getState().call;
    if (call.status !== 'incoming' && call.status !== 'outgoing' && call.status !== 'accepting' && call.status !== 'active') return;
    const action = call.status === 'incoming' ? 'reject' : 'hangup';
    void fetch(`/api/calls/${encodeURIComponent(call.callId)}/${action}`, { method: 'POST', keepalive: true, credentials: 'same-origin' }).catch(() => undefined);
    if (action === 'hangup') sessionStorage.setItem(LEFT_CALL_KEY, call.callId);
  };
  window.addEventListener('pagehide', onHide);
  return () => window.removeEventListener('pagehide', onHide);
}

/** After a reload: shows the call the previous page left as ended, hanging it up first if the keepalive did not arrive. */
export async function showCallLeftBehind(controller: CallController, api: { getCalls(): Promise<{ rows: CallSummary[] }>; hangUp(callId: string): Promise<unknown> }): Promise<void> {
  const callId = sessionStorage.getItem(LEFT_CALL_KEY);
  if (!callId) return;
  sessionStorage.removeItem(LEFT_CALL_KEY);
  let call = (await api.getCalls()).rows.find((c) => c.id === callId);
  if (call && call.status !== 'ended') {
    await api.hangUp(callId).catch(() => undefined);
    call = (await api.getCalls()).rows.find((c) => c.id === callId);
  }
  if (call?.status === 'ended') controller.showEnded(call);
}
