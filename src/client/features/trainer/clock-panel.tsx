import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { formatCountdown } from '../../lib/format.ts';
import { useNow } from '../../lib/use-now.ts';
import { clockQueryOptions, trainingApi, trainingKeys, useClassroomAction } from './api.ts';

const HOUR = 3_600_000;
const units = { minutes: 60_000, hours: HOUR, days: 24 * HOUR } as const;
type Unit = keyof typeof units;

const label = (ms: number) => formatCountdown(ms, true);

/** WhatsApp's time in the sandbox, large, with fast-forward: every agent's panel re-reads at once. */
export function ClockPanel({ canAct }: { canAct: boolean }) {
  const clock = useQuery(clockQueryOptions());
  const now = useNow(true);
  const [amount, setAmount] = useState('3');
  const [unit, setUnit] = useState<Unit>('days');
  const advance = useClassroomAction(trainingApi.advanceClock, {
    refresh: [trainingKeys.clock], errorTitle: 'Could not move the clock',
    done: (ms) => `Clock moved forward ${label(ms)}: every agent's panel re-read`,
  });
  const offset = clock.data?.offsetMs ?? 0;
  const world = new Date(now + offset);
  const custom = (e: FormEvent) => {
    e.preventDefault();
    const n = Number(amount);
    if (Number.isFinite(n) && n > 0) advance.mutate([Math.round(n * units[unit])]);
  };
  return (
    <section aria-labelledby="clock-title" className="rounded-lg border border-slate-300 bg-white p-3">
      <h2 id="clock-title" className="text-sm font-semibold text-slate-700">WhatsApp's clock</h2>
      <p className="mt-1 font-mono text-4xl font-semibold tracking-tight tabular-nums" data-testid="world-clock">
        {clock.data ? world.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' }) : '—'}
      </p>
      <p className="text-sm text-slate-700">
        {world.toLocaleDateString([], { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })}
        {offset > 1000 && <span className="text-slate-600"> · {label(offset)} ahead of real time</span>}
      </p>
      {canAct && (
        <>
          <div className="mt-3 flex flex-wrap gap-2" role="group" aria-label="Fast-forward">
            <Button onClick={() => advance.mutate([HOUR])} disabled={advance.isPending}>+1 h</Button>
            <Button onClick={() => advance.mutate([24 * HOUR])} disabled={advance.isPending}>+24 h</Button>
            <Button onClick={() => advance.mutate([7 * 24 * HOUR])} disabled={advance.isPending}>+7 d</Button>
          </div>
          <form className="mt-2 flex items-center gap-2" onSubmit={custom}>
            <label htmlFor="advance-amount" className="text-xs font-medium text-slate-600">Custom</label>
            <input id="advance-amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} className="h-8 w-16 rounded-md border border-slate-300 px-2 text-sm" />
            <select aria-label="Unit" value={unit} onChange={(e) => setUnit(e.target.value as Unit)} className="h-8 rounded-md border border-slate-300 bg-white px-2 text-sm">
              {Object.keys(units).map((u) => <option key={u} value={u}>{u}</option>)}
            </select>
            <Button type="submit" disabled={advance.isPending}>Fast-forward</Button>
          </form>
        </>
      )}
    </section>
  );
}
