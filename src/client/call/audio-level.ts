/**
 * Remote audio level from a WebAudio AnalyserNode. Chromium reports no inbound audio level unless
 * the remote track is also rendered (stack.md §2 notes), so the stream must be playing in an <audio>.
 */

let context: AudioContext | null = null;

/** The page's one AudioContext (meters, and the monitoring mixes of client/monitor). */
export function audioContext(): AudioContext | null {
  if (typeof AudioContext === 'undefined') return null;
  context ??= new AudioContext();
  return context;
}

/** Call synchronously inside a click handler: the autoplay policy lets a context resume only then. */
export function unlockAudio(): void {
  void audioContext()?.resume().catch(() => undefined);
}

/**
 * Creates the AudioContext before the agent's first Call or Accept. Chromium blocks the page for
 * 0.3–0.7 s while it creates one, which inside that first click delayed the call's offer by as much.
 * Created at once when the page still holds the user's activation (the sign-in click), else at the
 * first pointer or key press, so Chromium never warns about a context created without a gesture.
 * Returns a function that stops waiting.
 */
export function warmAudio(): () => void {
  const events = ['pointerdown', 'keydown'] as const;
  const warm = () => {
    stop();
    audioContext();
  };
  const stop = () => events.forEach((e) => window.removeEventListener(e, warm, true));
  if (context || typeof AudioContext === 'undefined') return () => undefined;
  if (navigator.userActivation?.isActive) {
    audioContext();
    return () => undefined;
  }
  events.forEach((e) => window.addEventListener(e, warm, { capture: true, passive: true }));
  return stop;
}

/** Why -60 dBFS as the floor: below it is line noise; speech sits around -30 to -10 dBFS. */
const FLOOR_DB = -60;

/** RMS of the samples on a dBFS scale, mapped to an integer 0–100. */
export function levelFromSamples(samples: Float32Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  const rms = Math.sqrt(sum / Math.max(1, samples.length));
  if (rms <= 0) return 0;
  const db = 20 * Math.log10(rms);
  return Math.round(Math.min(100, Math.max(0, ((db - FLOOR_DB) / -FLOOR_DB) * 100)));
}

/**
 * Meter ballistics, as on a VU meter: a louder sample shows at once, a quieter one only lets the
 * needle fall by this factor per 100 ms tick (about a second from full to nothing), so a short word
 * or beep stays readable instead of flickering.
 */
const RELEASE_PER_TICK = 0.8;

export function meterLevel(previous: number, sample: number, release = RELEASE_PER_TICK): number {
  return sample >= previous ? sample : Math.max(sample, Math.floor(previous * release));
}

/** Samples the stream every `intervalMs` and reports changes. Returns a stop function. */
export function monitorAudioLevel(stream: MediaStream, onLevel: (level: number) => void, intervalMs = 100): () => void {
  const ac = audioContext();
  if (!ac || stream.getAudioTracks().length === 0) return () => undefined;
  let source: MediaStreamAudioSourceNode;
  try {
    source = ac.createMediaStreamSource(stream);
  } catch (err) {
    console.warn('audio-level: cannot read the stream', err);
    return () => undefined;
  }
  const analyser = ac.createAnalyser();
  analyser.fftSize = 1024;
  source.connect(analyser); // not to the destination: the <audio> element plays it
  const samples = new Float32Array(analyser.fftSize);
  let last = -1;
  const timer = setInterval(() => {
    if (ac.state === 'suspended') void ac.resume().catch(() => undefined);
    analyser.getFloatTimeDomainData(samples);
    const level = meterLevel(Math.max(last, 0), levelFromSamples(samples));
    if (level !== last) {
      last = level;
      onLevel(level);
    }
  }, intervalMs);
  return () => {
    clearInterval(timer);
    source.disconnect();
    analyser.disconnect();
  };
}
