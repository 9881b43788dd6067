/**
 * The agent's chosen availability: Available, or Away with a reason (break, lunch, training, other).
 * What she is doing now (ringing, on a call, after-call work) is the status card's to say.
 */
import type { Me } from '../../../shared/agent-api.ts';
import { awayReasonLabel, awayReasons, type AwayReason } from '../../../shared/agent-state.ts';
import { useSetPresence } from './desk-api.ts';

const valueOf = (me: Me) => (me.presence === 'available' ? 'available' : `away:${me.status.awayReason ?? 'other'}`);

export function PresencePicker({ me }: { me: Me }) {
  const setPresence = useSetPresence();
  // While away, the reason is only in `status` when the state is `away` (not during a call): keep the last one chosen.
  const value = setPresence.isPending && setPresence.variables
    ? setPresence.variables.presence === 'available' ? 'available' : `away:${setPresence.variables.awayReason}`
    : valueOf(me);
  return (
    <div className="flex items-center gap-1.5">
      <label htmlFor="presence" className="text-xs font-medium text-slate-600">
        Availability
      </label>
      <select
        id="presence"
        data-testid="presence"
        value={me.presence === 'away' && !value.startsWith('away:') ? 'away:other' : value}
        disabled={setPresence.isPending}
        onChange={(e) => {
          const [presence, reason] = e.target.value.split(':') as ['available' | 'away', AwayReason | undefined];
          setPresence.mutate(presence === 'available' ? { presence } : { presence, awayReason: reason ?? 'other' });
        }}
        className="h-8 rounded-md border border-slate-300 bg-white px-2 text-sm"
      >
        <option value="available">Available</option>
        <optgroup label="Away">
          {awayReasons.map((r) => (
            <option key={r} value={`away:${r}`}>
              Away: {awayReasonLabel[r]}
            </option>
          ))}
        </optgroup>
      </select>
    </div>
  );
}
