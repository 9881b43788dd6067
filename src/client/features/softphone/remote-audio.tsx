import { useEffect, useRef } from 'react';
import { routeTo } from '../../lib/tone.ts';
import { notifyError } from '../../lib/notifications.ts';
import { useRemoteMedia } from './call-context.tsx';
import { useDeviceState } from './devices-context.tsx';

/** Plays the customer's audio on the chosen speaker. Rendering the stream is also what lets the level meter read it. */
export function RemoteAudio() {
  const stream = useRemoteMedia((s) => s.stream);
  const sink = useDeviceState((s) => s.chosen.speaker.id);
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.srcObject = stream;
    if (stream) void el.play().catch(() => undefined);
  }, [stream]);
  useEffect(() => {
    const el = ref.current;
    if (el) routeTo(el, sink).catch((err: unknown) => notifyError('Could not switch the speaker', err));
  }, [sink]);
  return <audio ref={ref} autoPlay data-testid="remote-audio" data-sink-id={sink} className="hidden" />;
}
