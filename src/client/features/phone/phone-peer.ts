/**
 * The simulated phone's media leg. The simulator plays WhatsApp's relay and OFFERS; the phone answers
 * with its microphone, its candidates gathered like the agent's leg (non-trickle, call/ice-gathering.ts).
 */
import { answerOffer, type PeerSession } from '../../call/peer-session.ts';
import type { SimClient } from './sim-client.ts';

export interface PhoneLeg {
  session: PeerSession;
  mic: MediaStream;
}

export async function openPhoneLeg(sim: SimClient, callId: string, getMic: () => Promise<MediaStream>): Promise<PhoneLeg> {
  const { sdp: offer } = await sim.openMedia(callId);
  const mic = await getMic();
  try {
    const { session, sdp } = await answerOffer(offer, mic);
    try {
      await sim.sendMediaAnswer(callId, sdp);
    } catch (err) {
      session.close();
      throw err;
    }
    return { session, mic };
  } catch (err) {
    mic.getTracks().forEach((t) => t.stop());
    throw err;
  }
}
