/** One line of the classroom timeline (`/api/training/timeline`, pushed as `training.timeline`). */
import { z } from 'zod';

/** One line of the classroom timeline: a Graph request Ringside sent, a webhook it received, or a note. */
export const timelineEntrySchema = z.object({
  id: z.number().int(),
  /** WhatsApp's time (the simulator's clock in simulator mode). */
  at: z.string(),
  direction: z.enum(['graph', 'webhook', 'note']),
  /** connect, terminate, RINGING, call_permission_reply, messages, call_permissions, account_update, scenario… */
  kind: z.string(),
  callId: z.string().nullable(),
  waId: z.string().nullable(),
  businessNumberId: z.string().nullable(),
  caption: z.string(),
  /** The JSON as sent or received (the request and Meta's answer for Graph). */
  json: z.unknown(),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;
