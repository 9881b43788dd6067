/**
 * What the phone page checks of the simulator's answers (lib/shape.ts), typed by `shared/sim-api.ts`:
 * like the agent's pages, the browser runs no zod.
 */
import type { PhoneEvent, PhoneSnapshot, SimBusinessNumber } from '../../../shared/sim-api.ts';
import type { Shape } from '../../lib/shape.ts';

const business: Shape<SimBusinessNumber> = { phone_number_id: 'string', display_phone_number: 'string', name: 'string', calling_enabled: 'boolean' };

export const phoneSnapshotShape: Shape<PhoneSnapshot> = {
  user: { wa_id: 'string', name: 'string', phone_attached: 'boolean', on_whatsapp: 'boolean' },
  businesses: [business],
  calls: [{ call_id: 'string', direction: 'string', business, state: 'string', started_at: 'number', answered_at: 'number?', end_reason: 'string?' }],
  requests: [{ request_id: 'string', business, body: 'string?', sent_at: 'number' }],
  messages: [{ id: 'string', kind: 'string', text: 'string', at: 'number' }],
  now: 'number',
};

export const phoneEventShape: Shape<PhoneEvent> = { type: 'string', snapshot: phoneSnapshotShape };

/** Every event name the simulator may use (a missing one is a compile error). */
const eventTypes: Record<PhoneEvent['type'], true> = {
  snapshot: true, 'call.ringing': true, 'call.updated': true, 'call.ended': true, 'permission.requested': true, message: true,
};
export const phoneEventNames = Object.keys(eventTypes);
