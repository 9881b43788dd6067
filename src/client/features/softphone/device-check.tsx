/**
 * The pre-call check, before a shift or after changing a headset: the microphone's level, a test
 * tone on the chosen speaker, and a round trip to the server.
 */
import { Activity, Mic, Volume2 } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { monitorAudioLevel, unlockAudio } from '../../call/audio-level.ts';
import { openMic } from '../../call/media.ts';
import { Button } from '../../components/ui/button.tsx';
import { LevelMeter } from '../../components/ui/level-meter.tsx';
import { routeTo, testTone, toneUrl } from '../../lib/tone.ts';
import { useDevices, useDeviceState } from './devices-context.tsx';

/** Why 3: one request can meet a cold connection; the median of three is what calls will see. */
const PINGS = 3;

async function roundTripMs(): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < PINGS; i++) {
    const start = performance.now();
    const res = await fetch('/healthz', { cache: 'no-store' });
    if (!res.ok) throw new Error(`The server answered ${res.status}.`);
    times.push(performance.now() - start);
  }
  return Math.round(times.sort((a, b) => a - b)[Math.floor(PINGS / 2)]!);
}

export function DeviceCheck() {
  return (
    <section aria-labelledby="device-check-title" className="flex flex-col gap-2 border-t border-slate-200 pt-3">
      <h3 id="device-check-title" className="text-xs font-semibold tracking-wide text-slate-600 uppercase">
        Check before calls
      </h3>
      <MicCheck />
      <SpeakerCheck />
      <ServerCheck />
    </section>
  );
}

function MicCheck() {
  const devices = useDevices();
  const micId = useDeviceState((s) => s.chosen.mic.id);
  const [on, setOn] = useState(false);
  const [level, setLevel] = useState(0);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!on) return;
    let stream: MediaStream | null = null;
    let stop = () => undefined as void;
    let cancelled = false;
    openMic(devices.micConstraints())
      .then((s) => {
        if (cancelled) return s.getTracks().forEach((t) => t.stop());
        stream = s;
        stop = monitorAudioLevel(s, setLevel);
        void devices.refresh(); // labels appear once the mic is allowed
      })
      .catch((err: unknown) => {
        setError(err instanceof Error ? err.message : 'The microphone could not be opened.');
        setOn(false);
      });
    return () => {
      cancelled = true;
      stop();
      stream?.getTracks().forEach((t) => t.stop());
      setLevel(0);
    };
  }, [on, micId, devices]);
  return (
    <div className="flex flex-col gap-1">
      <div className="flex items-center gap-2">
        <Button size="sm" aria-pressed={on} icon={<Mic aria-hidden="true" className="size-3.5" />} onClick={() => { unlockAudio(); setError(null); setOn(!on); }}>
          {on ? 'Stop mic test' : 'Test microphone'}
        </Button>
        {on && <LevelMeter label="Microphone level" level={level} className="flex-1" data-testid="mic-check-meter" />}
      </div>
      {on && <p className="text-xs text-slate-600">Speak: the bar should move.</p>}
      {error && <p role="alert" className="text-xs text-rose-800">{error}</p>}
    </div>
  );
}

function SpeakerCheck() {
  const sink = useDeviceState((s) => s.chosen.speaker.id);
  const ref = useRef<HTMLAudioElement>(null);
  const [state, setState] = useState<'idle' | 'playing' | 'played' | string>('idle');
  const play = async () => {
    const el = ref.current;
    if (!el) return;
    setState('playing');
    try {
      el.src ||= toneUrl(testTone);
      el.currentTime = 0;
      await routeTo(el, sink);
      await el.play();
    } catch (err) {
      setState(err instanceof Error ? err.message : 'The tone could not play.');
    }
  };
  return (
    <div className="flex items-center gap-2">
      <Button size="sm" icon={<Volume2 aria-hidden="true" className="size-3.5" />} disabled={state === 'playing'} onClick={() => void play()}>
        Play test tone
      </Button>
      <p role="status" className="text-xs text-slate-600" data-testid="speaker-check">
        {state === 'playing' ? 'Playing…' : state === 'played' ? 'Heard two beeps? The speaker works.' : state === 'idle' ? '' : state}
      </p>
      <audio ref={ref} className="hidden" onEnded={() => setState('played')} />
    </div>
  );
}

function ServerCheck() {
  const [result, setResult] = useState<{ ms: number } | { error: string } | 'checking' | null>(null);
  const check = () => {
    setResult('checking');
    roundTripMs()
      .then((ms) => setResult({ ms }))
      .catch((err: unknown) => setResult({ error: err instanceof Error ? err.message : 'The server did not answer.' }));
  };
  return (
    <div className="flex items-center gap-2">
      <Button size="sm" icon={<Activity aria-hidden="true" className="size-3.5" />} disabled={result === 'checking'} onClick={check}>
        Check connection
      </Button>
      <p role="status" className="tabular text-xs text-slate-600" data-testid="server-check">
        {result === 'checking' && 'Checking…'}
        {result && typeof result === 'object' && ('ms' in result ? `Server round trip ${result.ms} ms` : result.error)}
      </p>
    </div>
  );
}
