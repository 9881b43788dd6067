/**
 * The screens behind the shell, each its own chunk, loaded when its route (or role) is reached, so the
 * first load is the shell and sign-in only. Supervisors get the floor (`features/supervisor`);
 * trainers have the classroom (`features/trainer`), which holds their softphone too, and may open
 * the floor read-only at `/floor`.
 */
import { lazy } from 'react';
import type { Role } from '../../shared/agent-api.ts';
import { matchRoute } from './router.ts';

const loadSoftphone = () => import('../features/softphone/softphone-page.tsx');

const Softphone = lazy(() => loadSoftphone().then((m) => ({ default: m.SoftphonePage })));
const loadTrainer = () => import('../features/trainer/trainer-page.tsx');
const Trainer = lazy(() => loadTrainer().then((m) => ({ default: m.TrainerPage })));

const loadFloor = () => import('../features/supervisor/supervisor-page.tsx');
/** The supervisor's home; trainers open it read-only at `/floor`. */
export const FloorPage = lazy(() => loadFloor().then((m) => ({ default: m.SupervisorPage })));

export const PhonePage = lazy(() => import('../features/phone/phone-page.tsx'));

const byRole: Record<Role, { screen: typeof Softphone; load: () => Promise<unknown> }> = {
  agent: { screen: Softphone, load: loadSoftphone },
  supervisor: { screen: FloorPage, load: loadFloor },
  trainer: { screen: Trainer, load: loadTrainer },
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
