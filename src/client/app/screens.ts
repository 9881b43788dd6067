/**
 * The screens behind the shell, each its own chunk, loaded when its route (or role) is reached, so the
 * first load is the shell and sign-in only. Supervisors and trainers use the softphone until their
 * own screens exist; theirs join `byRole` as lazy imports of `features/supervisor` and `features/trainer`.
 */
import { lazy } from 'react';
import type { Role } from '../../shared/agent-api.ts';
import { matchRoute } from './router.ts';

const loadSoftphone = () => import('../features/softphone/softphone-page.tsx');

const Softphone = lazy(() => loadSoftphone().then((m) => ({ default: m.SoftphonePage })));

export const PhonePage = lazy(() => import('../features/phone/phone-page.tsx'));

const byRole: Record<Role, { screen: typeof Softphone; load: () => Promise<unknown> }> = {
  agent: { screen: Softphone, load: loadSoftphone },
  supervisor: { screen: Softphone, load: loadSoftphone },
  trainer: { screen: Softphone, load: loadSoftphone },
};

export const screenFor = (role: Role) => byRole[role].screen;

/** Starts fetching a role's screen (idempotent: the module is fetched once). */
export function preloadScreenFor(role: Role): void {
  void byRole[role].load().catch(() => undefined);
}

/**
 * On a visit to `/`, the screen is fetched alongside the session check instead of after it: most
 * visits there are by a signed-in agent.
 */
export function preloadForPath(pathname: string): void {
  if (matchRoute(pathname).name === 'softphone') preloadScreenFor('agent');
}
