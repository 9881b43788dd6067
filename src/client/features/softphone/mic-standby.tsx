/**
 * The honest side of the warm microphone (call/warm-mic.ts): while the mic stays open between calls
 * the header says so, and the agent can release it at once.
 */
import { Mic } from 'lucide-react';
import { useStore } from 'zustand';
import type { WarmMic } from '../../call/warm-mic.ts';
import { Button } from '../../components/ui/button.tsx';

export function MicStandby({ mic }: { mic: WarmMic }) {
  const standby = useStore(mic.state, (s) => s.standby);
  if (!standby) return null;
  return (
    <span className="flex items-center gap-1 text-xs text-slate-600" data-testid="mic-standby">
      <span role="status" className="flex items-center gap-1" title="Kept open after your last call so the next one starts sooner. Released after 10 minutes without a call.">
        <Mic aria-hidden="true" className="size-3.5" />
        Microphone on standby
      </span>
      <Button variant="ghost" size="sm" onClick={() => mic.release()}>
        Release
      </Button>
    </span>
  );
}
