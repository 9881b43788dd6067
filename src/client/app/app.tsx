/**
 * Providers and the three routes: `/` (the signed-in user's screen), `/sign-in`, and `/phone/{waId}`
 * (the simulated WhatsApp user's phone, no sign-in). The entry chunk holds only this shell, the
 * router and sign-in; every screen behind them is its own chunk (screens.ts).
 */
import { QueryClientProvider, useQuery } from '@tanstack/react-query';
import { Suspense, useEffect, useState } from 'react';
import { Button } from '../components/ui/button.tsx';
import { FullPage, Redirect } from '../components/ui/full-page.tsx';
import { ToastRegion } from '../components/ui/toast-region.tsx';
import { SignInPage } from '../features/auth/sign-in-page.tsx';
import { meQueryOptions } from '../lib/session.ts';
import { createQueryClient } from './query-client.ts';
import { matchRoute, usePathname } from './router.ts';
import { FloorPage, PhonePage, preloadScreenFor, screenFor } from './screens.ts';

export function App() {
  const [client] = useState(createQueryClient);
  return (
    <QueryClientProvider client={client}>
      <Routes />
      <ToastRegion />
    </QueryClientProvider>
  );
}

function Routes() {
  const route = matchRoute(usePathname());
  switch (route.name) {
    case 'phone':
      return (
        <Suspense fallback={<FullPage title="Loading phone…" />}>
          <PhonePage waId={route.waId} />
        </Suspense>
      );
    case 'sign-in':
      return <SignInRoute />;
    case 'softphone':
      return <SoftphoneRoute />;
    case 'floor':
      return <SoftphoneRoute floor />;
    case 'not-found':
      return (
        <FullPage title="Page not found">
          <a className="text-emerald-800 underline" href="/">
            Go to the softphone
          </a>
        </FullPage>
      );
  }
}

/** The signed-in user's screen; `floor` asks for the supervisor's floor (supervisors and trainers only; the server checks too). */
function SoftphoneRoute({ floor = false }: { floor?: boolean }) {
  const me = useQuery(meQueryOptions());
  if (me.isPending) return <FullPage title="Loading Ringside…" />;
  if (me.isError)
    return (
      <FullPage title="Cannot reach Ringside">
        <p className="mb-3">{me.error.message}</p>
        <Button variant="primary" onClick={() => void me.refetch()}>
          Try again
        </Button>
      </FullPage>
    );
  if (!me.data) return <Redirect to="/sign-in" />;
  if (floor && me.data.role === 'agent') return <FullPage title="The floor is for supervisors and trainers"><a className="text-emerald-800 underline" href="/">Go to the softphone</a></FullPage>;
  const Screen = floor ? FloorPage : screenFor(me.data.role);
  return (
    <Suspense fallback={<FullPage title="Loading Ringside…" />}>
      <Screen me={me.data} />
    </Suspense>
  );
}

function SignInRoute() {
  const me = useQuery(meQueryOptions());
  // While the agent types, fetch the screen that comes next, so signing in does not wait for it.
  useEffect(() => preloadScreenFor('agent'), []);
  if (me.data) return <Redirect to="/" />;
  return <SignInPage />;
}
