/** The browser's microphone and audio-level meter, behind the `MediaDeps` seam the controller takes. */
import { monitorAudioLevel, unlockAudio } from './audio-level.ts';
import { micFailure } from './failures.ts';
import type { MediaDeps } from './types.ts';

const voice: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };

/**
 * Opens a microphone with `constraints` (a chosen device). A chosen device that is gone
 * (OverconstrainedError, NotFoundError) falls back to the default one rather than failing the call.
 */
export async function openMic(constraints: MediaTrackConstraints = voice): Promise<MediaStream> {
  try {
    return await navigator.mediaDevices.getUserMedia({ audio: constraints, video: false });
  } catch (err) {
    const gone = err instanceof Error && (err.name === 'OverconstrainedError' || err.name === 'NotFoundError');
    if (gone && constraints.deviceId !== undefined) return openMic(voice);
    throw micFailure(err);
  }
}

export const browserMedia: MediaDeps = { getMic: () => openMic(), monitorLevel: monitorAudioLevel, unlock: unlockAudio };
