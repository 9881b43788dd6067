/**
 * The audio codecs Meta's media relay negotiates (reference §8.1, §8.5): Opus on PT 111 and RFC 4733
 * telephone-event on PT 126 at 8000 Hz, nothing else. The phone page leg uses the same list, so both
 * legs speak the same codecs and relaying never transcodes.
 */
import { RTCRtpCodecParameters } from 'werift';

/** Meta's Opus payload type in the SDP it writes (its offers; answers follow the business's numbering). */
export const OPUS_PAYLOAD_TYPE = 111;
/** Meta's RFC 4733 DTMF payload type, at 8000 Hz ("48000 not supported", reference §8.1). */
export const TELEPHONE_EVENT_PAYLOAD_TYPE = 126;
/** Opus's RTP clock is 48 kHz whatever the audio bandwidth (RFC 7587 §4.1). */
export const OPUS_CLOCK_RATE = 48_000;
/** Meta's ptime is 20 ms: 960 samples of the 48 kHz RTP clock per packet. */
export const SAMPLES_PER_FRAME = 960;
/** Packet duration (ptime) in milliseconds. */
export const FRAME_MS = 20;

/** A codec as both legs name it: `opus/48000` or `telephone-event/8000`. PT numbers may differ per leg. */
export type CodecKey = 'opus/48000' | 'telephone-event/8000';

/**
 * Fresh codec parameters for one peer connection. Fresh each time because werift stores these objects
 * on the connection's transceivers; sharing them between calls would share that state.
 */
export function metaAudioCodecs(): RTCRtpCodecParameters[] {
  return [
    new RTCRtpCodecParameters({
      mimeType: 'audio/opus',
      clockRate: OPUS_CLOCK_RATE,
      channels: 2,
      payloadType: OPUS_PAYLOAD_TYPE,
      parameters: 'minptime=20;useinbandfec=1',
    }),
    new RTCRtpCodecParameters({
      mimeType: 'audio/telephone-event',
      clockRate: 8000,
      channels: 1,
      payloadType: TELEPHONE_EVENT_PAYLOAD_TYPE,
    }),
  ];
}

/** The key of a negotiated codec, or `undefined` for one Meta does not carry (e.g. telephone-event/48000). */
export function codecKeyOf(codec: Pick<RTCRtpCodecParameters, 'mimeType' | 'clockRate'>): CodecKey | undefined {
  const key = `${codec.mimeType.replace(/^audio\//i, '').toLowerCase()}/${codec.clockRate}`;
  return key === 'opus/48000' || key === 'telephone-event/8000' ? key : undefined;
}

/** Opus first: werift sends on the first negotiated codec, whatever order the remote offer used. */
export function keepMetaCodecs(negotiated: RTCRtpCodecParameters[]): RTCRtpCodecParameters[] {
  const kept = negotiated.filter((codec) => codecKeyOf(codec) !== undefined);
  return kept.sort((a, b) => Number(codecKeyOf(b) === 'opus/48000') - Number(codecKeyOf(a) === 'opus/48000'));
}
