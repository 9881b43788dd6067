/** The simulator's control API, as trainers and tests use it (over HTTP, like anyone else). */
import type { APIRequestContext, APIResponse } from '@playwright/test';
import type { SimUserPatch } from '../../src/shared/sim-api.ts';

/** The control API's token: the product passes it to the simulator it starts (playwright.config.ts sets it). */
export const simControlToken = process.env.SIMULATOR_CONTROL_TOKEN ?? 'e2e-simulator-control-token';
const auth = { authorization: `Bearer ${simControlToken}` };

export class SimClient {
  constructor(private readonly request: APIRequestContext, readonly baseUrl: string) {}

  private async ok<T>(res: Promise<APIResponse>): Promise<T> {
    const r = await res;
    if (!r.ok()) throw new Error(`Simulator answered ${r.status()} to ${r.url()}: ${await r.text()}`);
    return (await r.json().catch(() => ({}))) as T;
  }

  reset() { return this.ok(this.request.post(`${this.baseUrl}/_sim/reset`, { headers: auth })); }
  setUser(waId: string, patch: SimUserPatch) { return this.ok(this.request.put(`${this.baseUrl}/_sim/users/${waId}`, { data: patch, headers: auth })); }
  startUserCall(waId: string, phoneNumberId: string) {
    return this.ok<{ call_id: string }>(this.request.post(`${this.baseUrl}/_sim/users/${waId}/calls`, { data: { phone_number_id: phoneNumberId }, headers: auth }));
  }
  advanceClock(ms: number) { return this.ok<{ now: number }>(this.request.post(`${this.baseUrl}/_sim/clock`, { data: { advance_ms: ms }, headers: auth })); }
  log() { return this.ok<unknown>(this.request.get(`${this.baseUrl}/_sim/log`, { headers: auth })); }
}
