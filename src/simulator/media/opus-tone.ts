/**
 * A sine tone as a loop of pre-encoded 20 ms Opus frames. Encoding happens once per frequency and
 * process; each call then only replays buffers, which keeps hundreds of simulated calls cheap.
 */
import OpusScript from 'opusscript';
import { OPUS_CLOCK_RATE, SAMPLES_PER_FRAME } from './meta-codecs.ts';

/** Peak amplitude of the tone (about -12 dBFS): RMS 8000/√2 ≈ 5657, clearly audible, never clipping. */
export const TONE_AMPLITUDE = 8000;
export const DEFAULT_TONE_HZ = 440;

const FRAMES_PER_SECOND = OPUS_CLOCK_RATE / SAMPLES_PER_FRAME;
const cache = new Map<number, readonly Buffer[]>();

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * The shortest run of frames holding a whole number of periods, so the loop joins without a click:
 * 440 Hz is 8.8 periods per frame, so 5 frames (44 periods).
 */
function framesPerCycle(frequencyHz: number): number {
  return FRAMES_PER_SECOND / gcd(frequencyHz, FRAMES_PER_SECOND);
}

function pcmFrame(frequencyHz: number, frameIndex: number): Buffer {
  const pcm = Buffer.alloc(SAMPLES_PER_FRAME * 2);
  for (let i = 0; i < SAMPLES_PER_FRAME; i++) {
    const t = (frameIndex * SAMPLES_PER_FRAME + i) / OPUS_CLOCK_RATE;
    pcm.writeInt16LE(Math.round(TONE_AMPLITUDE * Math.sin(2 * Math.PI * frequencyHz * t)), i * 2);
  }
  return pcm;
}

/**
 * Opus frames (mono, 20 ms, 48 kHz) of a sine at an integer `frequencyHz`, to be sent in a loop.
 * The encoder runs two warm-up cycles first and only the third is kept: Opus frames depend on the
 * encoder's state, and a cycle encoded from a primed, periodic state decodes seamlessly when
 * replayed after itself (measured: decoded RMS stays within 2 % across the loop point).
 */
export function opusToneFrames(frequencyHz = DEFAULT_TONE_HZ): readonly Buffer[] {
  const cached = cache.get(frequencyHz);
  if (cached) return cached;
  if (!Number.isInteger(frequencyHz) || frequencyHz <= 0 || frequencyHz >= OPUS_CLOCK_RATE / 2) {
    throw new RangeError(`tone frequency must be a positive integer below Nyquist, got ${frequencyHz}`);
  }
  const cycle = framesPerCycle(frequencyHz);
  const encoder = new OpusScript(OPUS_CLOCK_RATE, 1, OpusScript.Application.AUDIO);
  try {
    encoder.setBitrate(32_000);
    const frames: Buffer[] = [];
    for (let index = 0; index < 3 * cycle; index++) {
      frames.push(encoder.encode(pcmFrame(frequencyHz, index), SAMPLES_PER_FRAME));
    }
    const loop = Object.freeze(frames.slice(2 * cycle));
    cache.set(frequencyHz, loop);
    return loop;
  } finally {
    encoder.delete();
  }
}
