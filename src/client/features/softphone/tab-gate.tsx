/** One tab per agent runs the softphone (call/tab-owner.ts); any other tab says so and offers to take over. */
import { MonitorSmartphone } from 'lucide-react';
import { useEffect, useState } from 'react';
import { createTabOwner, type TabRole } from '../../call/tab-owner.ts';
import { Button } from '../../components/ui/button.tsx';

/** Created in an effect, not in render: StrictMode's double render would leak a held lock. */
export function useTabRole(userId: string): { role: TabRole; takeOver: () => void } {
  const [state, setState] = useState<{ role: TabRole; takeOver: () => void }>({ role: 'pending', takeOver: () => undefined });
  useEffect(() => {
    const owner = createTabOwner(`ringside-media:${userId}`);
    const sync = () => setState({ role: owner.state.getState().role, takeOver: owner.takeOver });
    sync();
    const unsubscribe = owner.state.subscribe(sync);
    return () => {
      unsubscribe();
      owner.release();
    };
  }, [userId]);
  return state;
}

export function OtherTab({ pending, onTakeOver }: { pending: boolean; onTakeOver: () => void }) {
  if (pending) return <main className="min-h-screen" aria-busy="true" />;
  return (
    <main className="grid min-h-screen place-items-center p-6">
      <section aria-labelledby="other-tab-title" data-testid="other-tab" className="flex max-w-sm flex-col items-center gap-3 rounded-lg border border-slate-300 bg-white p-6 text-center">
        <MonitorSmartphone aria-hidden="true" className="size-6 text-slate-600" />
        <div role="status" className="flex flex-col gap-1">
          <h1 id="other-tab-title" className="text-base font-semibold">
            Ringside is open in another tab
          </h1>
          <p className="text-slate-700">Calls ring and play in that tab. Use this one instead? A call in progress there will end.</p>
        </div>
        <Button variant="primary" onClick={onTakeOver} data-testid="take-over">
          Use Ringside here
        </Button>
      </section>
    </main>
  );
}
