/**
 * A tiny pathname router: three routes do not need a library. `navigate` uses the History API and
 * notifies subscribers; `usePathname` reads it through `useSyncExternalStore`.
 */
import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

export function navigate(to: string, { replace = false } = {}): void {
  if (to === window.location.pathname) return;
  if (replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  listeners.forEach((l) => l());
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

export type Route = { name: 'softphone' } | { name: 'floor' } | { name: 'sign-in' } | { name: 'phone'; waId: string } | { name: 'not-found' };

export function matchRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { name: 'softphone' };
  if (path === '/sign-in') return { name: 'sign-in' };
  if (path === '/floor') return { name: 'floor' };
  const phone = /^\/phone\/(\d{8,15})$/.exec(path);
  if (phone?.[1]) return { name: 'phone', waId: phone[1] };
  return { name: 'not-found' };
}
