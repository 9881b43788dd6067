import { CircleAlert, CircleCheck, Info, TriangleAlert, X } from 'lucide-react';
import { dismissNotice, useNotices, type Tone } from '../../lib/notifications.ts';

const look: Record<Tone, { icon: typeof Info; className: string }> = {
  error: { icon: CircleAlert, className: 'border-rose-300 text-rose-900' },
  warning: { icon: TriangleAlert, className: 'border-amber-300 text-amber-900' },
  success: { icon: CircleCheck, className: 'border-emerald-300 text-emerald-900' },
  info: { icon: Info, className: 'border-slate-300 text-slate-900' },
};

/**
 * The live region every notice goes through. It is always mounted, so additions are announced.
 * Bottom-left on wide screens: the right column holds the call controls and "Check with WhatsApp".
 */
export function ToastRegion() {
  const notices = useNotices();
  return (
    <section aria-label="Notifications" className="pointer-events-none fixed right-2 bottom-2 z-50 w-96 max-w-[calc(100vw-1rem)] sm:right-auto sm:bottom-4 sm:left-4">
      <ol aria-live="polite" aria-relevant="additions text" className="flex flex-col gap-2">
        {notices.map((n) => {
          const { icon: Icon, className } = look[n.tone];
          return (
            <li key={n.id} data-testid="toast" data-tone={n.tone} className={`pointer-events-auto flex items-start gap-2 rounded-md border bg-white p-3 shadow-md ${className}`}>
              <Icon aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
              <div className="min-w-0 flex-1">
                <p className="font-semibold">{n.title}</p>
                {n.message && <p className="text-slate-700">{n.message}</p>}
              </div>
              <button type="button" aria-label="Dismiss notification" onClick={() => dismissNotice(n.id)} className="rounded p-0.5 text-slate-600 hover:bg-slate-100">
                <X aria-hidden="true" className="size-4" />
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
