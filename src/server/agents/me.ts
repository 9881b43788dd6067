/** The signed-in user as the browser gets it: who, and what they are doing now. */
import type { Me } from '../../shared/agent-api.ts';
import type { SessionUser } from '../auth/sessions.ts';
import type { ServerContext } from '../context.ts';
import { agentStatuses } from './agent-status.ts';

export async function meOf(ctx: Pick<ServerContext, 'db' | 'wallNow'>, user: SessionUser): Promise<Me> {
  const entry = (await agentStatuses(ctx.db, ctx.wallNow(), [user.id])).get(user.id);
  const status = entry?.status ?? { state: 'available' as const, since: ctx.wallNow().toISOString(), awayReason: null, wrapUpUntil: null };
  return { id: user.id, username: user.username, displayName: user.displayName, role: user.role, presence: user.presence, status };
}
