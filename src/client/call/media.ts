/** The browser's microphone and audio-level meter, behind the `MediaDeps` seam the controller takes. */
import { monitorAudioLevel, unlockAudio } from './audio-level.ts';
import { micFailure } from './failures.ts';
import type { MediaDeps } from './types.ts';

async function getMic(): Promise<MediaStream> {
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
      video: false,
    });
  } catch (err) {
    throw micFailure(err);
  }
}

export const browserMedia: MediaDeps = { getMic, monitorLevel: monitorAudioLevel, unlock: unlockAudio };
