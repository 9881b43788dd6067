/**
 * What the browser checks of `GET /api/floor` (shape.ts), typed by `shared/floor-api.ts`. Lists are
 * read row by row: a call, agent or risk the client cannot read is left out, never the whole floor.
 */
import type { CallSummary } from '../../../shared/agent-api.ts';
import type { DayFigures, FloorAgent, FloorNumber, FloorSnapshot, RiskRow } from '../../../shared/floor-api.ts';
import { callSummaryShape } from '../../lib/agent-shapes.ts';
import { request } from '../../lib/api-client.ts';
import { fits, shaped, type Shape, type Spec } from '../../lib/shape.ts';

const figuresShape: Shape<DayFigures> = {
  outbound: { placed: 'number', answered: 'number' },
  inbound: { received: 'number', answered: 'number', missed: 'number' },
  outboundPickupRate: 'number?', inboundPickupRate: 'number?', averageHandleSeconds: 'number?', longestWaitSeconds: 'number?',
};
const agentShape: Shape<FloorAgent> = { id: 'string', displayName: 'string', role: 'string', status: { state: 'string', since: 'string' }, callsToday: 'number', handleSecondsToday: 'number' };
const numberShape: Shape<FloorNumber> = {
  businessNumberId: 'string', label: 'string', displayNumber: 'string', figures: figuresShape, lowPickupWarning: 'boolean', restrictions: 'array',
  concurrency: { inbound: { active: 'number', max: 'number' }, outbound: { active: 'number', max: 'number' } },
};
const riskShape: Shape<RiskRow> = { kind: 'string', businessNumberId: 'string', numberLabel: 'string', waId: 'string', contactName: 'string', displayNumber: 'string', detail: 'string', at: 'string?' };

const readSnapshot = shaped<FloorSnapshot>({ serverNow: 'string', calls: 'array', agents: 'array', today: { since: 'string', numbers: 'array', total: figuresShape }, risks: 'array' });

/** The floor, with unreadable rows left out (and counted in the console). */
export function readFloor(json: unknown): FloorSnapshot {
  const raw = readSnapshot(json);
  const keep = <T,>(list: unknown[], shape: Shape<T>, what: string): T[] => {
    const rows = list.filter((row): row is T => fits(row, shape as Spec<T>));
    if (rows.length < list.length) console.warn(`floor: ${list.length - rows.length} ${what} left out (unreadable)`);
    return rows;
  };
  return {
    serverNow: raw.serverNow,
    calls: keep<CallSummary>(raw.calls, callSummaryShape, 'calls'),
    agents: keep<FloorAgent>(raw.agents, agentShape, 'agents'),
    today: { since: raw.today.since, total: raw.today.total, numbers: keep<FloorNumber>(raw.today.numbers, numberShape, 'numbers') },
    risks: keep<RiskRow>(raw.risks, riskShape, 'risks'),
  };
}

export const floorKeys = { snapshot: ['floor'] as const };

export const floorQueryOptions = () => ({ queryKey: floorKeys.snapshot, queryFn: () => request('GET', '/api/floor', readFloor), staleTime: 30_000 });
