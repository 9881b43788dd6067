import { useEffect, useRef } from 'react';
import { ringTone, routeTo, toneUrl } from '../../lib/tone.ts';
import { useCall } from './call-context.tsx';
import { useDeviceState } from './devices-context.tsx';

/** Rings on the chosen ringtone output while a call is incoming (an agent with a headset may ring on the speakers). */
export function Ringer() {
  const ringing = useCall((s) => s.call.status === 'incoming');
  const sink = useDeviceState((s) => s.chosen.ringtone.id);
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (!ringing) {
      el.pause();
      return;
    }
    el.src ||= toneUrl(ringTone);
    el.currentTime = 0;
    void routeTo(el, sink)
      .catch(() => undefined)
      .then(() => el.play())
      .catch(() => undefined);
  }, [ringing, sink]);
  return <audio ref={ref} loop data-testid="ringtone" className="hidden" />;
}
