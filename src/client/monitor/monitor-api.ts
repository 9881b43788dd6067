/** The monitoring REST calls (`POST /api/calls/{id}/monitor`), typed by `shared/monitor-api.ts`. */
import type { MonitorMode, MonitorRequest } from '../../shared/monitor-api.ts';
import { anything, request } from '../lib/api-client.ts';
import { shaped } from '../lib/shape.ts';

const path = (callId: string) => `/api/calls/${encodeURIComponent(callId)}/monitor`;
const post = (callId: string, body: MonitorRequest) => request('POST', path(callId), anything, body);

export const monitorApi = {
  start: (callId: string, mode: MonitorMode) => request('POST', path(callId), shaped<{ sessionId: string }>({ sessionId: 'string' }), { action: 'start', mode } satisfies MonitorRequest),
  signal: (callId: string, sessionId: string, signal: Record<string, unknown>) => post(callId, { action: 'signal', sessionId, signal }),
  stop: (callId: string, sessionId: string) => post(callId, { action: 'stop', sessionId }),
};
export type MonitorApi = typeof monitorApi;
