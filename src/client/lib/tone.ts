/**
 * Small WAV tones made in the page (no audio files to ship): the speaker test tone and the
 * ringtone. An <audio> element plays them, so `setSinkId` can route them to the chosen output.
 */

export interface TonePattern {
  /** Frequencies mixed during the "on" part, Hz. */
  freqs: number[];
  onMs: number;
  offMs: number;
  /** Times the on/off pair repeats in the file (the element loops the file for a ringtone). */
  repeats: number;
  /** Peak amplitude 0–1; kept low so a test tone in a headset never startles. */
  gain?: number;
}

const RATE = 8000;

/** 16-bit mono PCM WAV bytes of the pattern. */
export function toneWav({ freqs, onMs, offMs, repeats, gain = 0.2 }: TonePattern): Uint8Array {
  const on = Math.round((RATE * onMs) / 1000);
  const period = on + Math.round((RATE * offMs) / 1000);
  const samples = period * repeats;
  const bytes = new Uint8Array(44 + samples * 2);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, text: string) => [...text].forEach((c, i) => view.setUint8(offset + i, c.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + samples * 2, true);
  ascii(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, RATE, true);
  view.setUint32(28, RATE * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, samples * 2, true);
  for (let i = 0; i < samples; i++) {
    const t = i % period;
    let v = 0;
    if (t < on) {
      // 10 ms fades at each edge: no clicks.
      const fade = Math.min(1, t / 80, (on - t) / 80);
      for (const f of freqs) v += Math.sin((2 * Math.PI * f * i) / RATE);
      v = (v / freqs.length) * gain * fade;
    }
    view.setInt16(44 + i * 2, Math.round(v * 32767), true);
  }
  return bytes;
}

/** One second of 440 Hz, twice. */
export const testTone: TonePattern = { freqs: [440], onMs: 600, offMs: 300, repeats: 2 };
/** The North American ring cadence (440 + 480 Hz, 2 s on, 4 s off), shortened to 1 s on, 2 s off. */
export const ringTone: TonePattern = { freqs: [440, 480], onMs: 1000, offMs: 2000, repeats: 1, gain: 0.25 };

const urls = new Map<TonePattern, string>();

/** A blob URL of the pattern, made once per page. */
export function toneUrl(pattern: TonePattern): string {
  let url = urls.get(pattern);
  if (!url) {
    url = URL.createObjectURL(new Blob([toneWav(pattern) as Uint8Array<ArrayBuffer>], { type: 'audio/wav' }));
    urls.set(pattern, url);
  }
  return url;
}

/** Routes an element to an output device; '' = the system default. False where the browser cannot. */
export async function routeTo(el: HTMLMediaElement, deviceId: string): Promise<boolean> {
  if (!('setSinkId' in el)) return false;
  if (el.sinkId === deviceId) return true;
  await el.setSinkId(deviceId);
  return true;
}
