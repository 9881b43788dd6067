/** The simulator's control API, as trainers and tests use it (over HTTP, like anyone else). */
import type { APIRequestContext, APIResponse } from '@playwright/test';
import type { SimUserPatch } from '../../src/shared/sim-api.ts';

export class SimClient {
  constructor(private readonly request: APIRequestContext, readonly baseUrl: string) {}

  private async ok<T>(res: Promise<APIResponse>): Promise<T> {
    const r = await res;
    if (!r.ok()) throw new Error(`Simulator answered ${r.status()} to ${r.url()}: ${await r.text()}`);
    return (await r.json().catch(() => ({}))) as T;
  }

  reset() { return this.ok(this.request.post(`${this.baseUrl}/_sim/reset`)); }
  setUser(waId: string, patch: SimUserPatch) { return this.ok(this.request.put(`${this.baseUrl}/_sim/users/${waId}`, { data: patch })); }
  startUserCall(waId: string, phoneNumberId: string) {
    return this.ok<{ call_id: string }>(this.request.post(`${this.baseUrl}/_sim/users/${waId}/calls`, { data: { phone_number_id: phoneNumberId } }));
  }
  advanceClock(ms: number) { return this.ok<{ now: number }>(this.request.post(`${this.baseUrl}/_sim/clock`, { data: { advance_ms: ms } })); }
  log() { return this.ok<unknown>(this.request.get(`${this.baseUrl}/_sim/log`)); }
}
