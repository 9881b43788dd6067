import { useEffect, useRef } from 'react';
import { useRemoteMedia } from './call-context.tsx';

/** Plays the customer's audio. Rendering the stream is also what lets the level meter read it. */
export function RemoteAudio() {
  const stream = useRemoteMedia((s) => s.stream);
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.srcObject = stream;
    if (stream) void el.play().catch(() => undefined);
  }, [stream]);
  return <audio ref={ref} autoPlay data-testid="remote-audio" className="hidden" />;
}
