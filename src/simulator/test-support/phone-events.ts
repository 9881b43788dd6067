/** Reads a phone page's Server-Sent Events stream (`/_sim/phone/{wa_id}/events`), parsed and queryable. */
import { phoneEventSchema, type PhoneEvent } from '../../shared/sim-api.ts';

export function readPhoneEvents(res: Response) {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: PhoneEvent[] = [];
  let buffer = '';
  return {
    events,
    /** Reads frames until one matches; the test timeout bounds it. */
    async next(match: (e: PhoneEvent) => boolean): Promise<PhoneEvent> {
      for (;;) {
        const found = events.find(match);
        if (found) return found;
        const { value, done } = await reader.read();
        if (done) throw new Error('event stream ended');
        buffer += decoder.decode(value, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (frame.startsWith('data: ')) events.push(phoneEventSchema.parse(JSON.parse(frame.slice(6))));
        }
      }
    },
  };
}
