/**
 * The live call's quality in one line (RTT, jitter, loss, MOS from getStats each second) and the
 * warnings that appear and clear. Warnings sit in a polite live region: the agent hears "Poor
 * network" once, not the figures every second.
 */
import { TriangleAlert } from 'lucide-react';
import { useSyncExternalStore } from 'react';
import { limits, warningText } from '../../call/quality-warnings.ts';
import { useCallController } from './call-context.tsx';

export function QualityStrip() {
  const { quality } = useCallController();
  const { sample, warnings } = useSyncExternalStore(quality.subscribe, quality.getSnapshot);
  const figure = (label: string, value: string, bad: boolean, testId: string) => (
    <div className="flex items-baseline gap-1">
      <dt className="text-slate-600">{label}</dt>
      <dd data-testid={testId} className={`tabular font-medium ${bad ? 'text-amber-900' : 'text-slate-900'}`}>
        {value}
      </dd>
    </div>
  );
  return (
    <div data-testid="quality-strip" data-measured={sample ? 'true' : 'false'} className="flex flex-col gap-1.5">
      <dl aria-label="Call quality" className="flex flex-wrap gap-x-3 gap-y-0.5 rounded-md bg-slate-50 px-2 py-1 text-xs ring-1 ring-slate-200 ring-inset">
        {figure('RTT', sample ? `${sample.rttMs} ms` : '—', !!sample && sample.rttMs > limits.rttMs, 'quality-rtt')}
        {figure('Jitter', sample ? `${sample.jitterMs} ms` : '—', !!sample && sample.jitterMs > limits.jitterMs, 'quality-jitter')}
        {figure('Loss', sample ? `${sample.lossPct}%` : '—', !!sample && sample.lossPct > limits.lossPct, 'quality-loss')}
        {figure('MOS', sample ? sample.mos.toFixed(1) : '—', !!sample && sample.mos < limits.mos, 'quality-mos')}
      </dl>
      <ul role="status" aria-label="Call quality warnings" data-testid="quality-warnings" className="flex flex-wrap gap-1 empty:hidden">
        {warnings.map((w) => (
          <li key={w} data-warning={w} className="inline-flex items-center gap-1 rounded bg-amber-50 px-1.5 py-px text-xs font-medium text-amber-900 ring-1 ring-amber-300 ring-inset">
            <TriangleAlert aria-hidden="true" className="size-3" />
            {warningText[w]}
          </li>
        ))}
      </ul>
    </div>
  );
}
