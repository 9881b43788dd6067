import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { scenariosQueryOptions, trainingApi, useClassroomAction } from './api.ts';

/** One-click presets: each resets the sandbox and says what the class should watch. */
export function ScenariosPanel({ canAct }: { canAct: boolean }) {
  const scenarios = useQuery(scenariosQueryOptions());
  const [last, setLast] = useState<string | null>(null);
  const run = useClassroomAction(trainingApi.runScenario, {
    refresh: [['training'], ['contacts'], ['business-numbers']], errorTitle: 'Could not run the scenario',
    done: (id) => `Scenario ready: ${scenarios.data?.find((s) => s.id === id)?.title ?? id}`,
  });
  const current = scenarios.data?.find((s) => s.id === last);
  return (
    <section aria-labelledby="scenarios-title" className="rounded-lg border border-slate-300 bg-white p-3">
      <h2 id="scenarios-title" className="text-sm font-semibold text-slate-700">Scenarios</h2>
      {current && (
        <div role="status" data-testid="scenario-caption" className="mt-2 rounded-md border border-emerald-300 bg-emerald-50 p-2 text-sm text-emerald-950">
          <p className="font-semibold">{current.title}</p>
          <p>{current.caption}</p>
        </div>
      )}
      <ul className="mt-2 divide-y divide-slate-200">
        {scenarios.data?.map((s) => (
          <li key={s.id} className="flex items-start gap-2 py-1.5">
            <div className="min-w-0 flex-1">
              <p className="text-sm font-medium">{s.title}</p>
              <p className="text-xs text-slate-600">Watch: {s.outcome}</p>
            </div>
            {canAct && (
              <Button size="sm" variant={last === s.id ? 'primary' : 'secondary'} disabled={run.isPending} aria-label={`Run "${s.title}"`}
                onClick={() => run.mutate([s.id], { onSuccess: () => setLast(s.id) })}>
                Run
              </Button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
