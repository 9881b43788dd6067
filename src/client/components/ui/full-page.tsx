import { useEffect, type ReactNode } from 'react';
import { navigate } from '../../app/router.ts';

/** A centred message for loading, failure and not-found screens. */
export function FullPage({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <main className="grid min-h-screen place-items-center p-6">
      <div className="max-w-sm text-center">
        <h1 className="text-base font-semibold" role="status">
          {title}
        </h1>
        {children && <div className="mt-2 text-slate-600">{children}</div>}
      </div>
    </main>
  );
}

export function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
