/**
 * Meta's wire shapes for WhatsApp Cloud API Calling: Graph requests and responses, webhooks.
 * Only the server (to talk to Meta) and the simulator (to be Meta) use these; the browser never sees
 * Meta's field names. Source: shared/reference/whatsapp-calling-api.md §2–§4.
 */
import { z } from 'zod';

/** Meta's timestamps are strings of Unix seconds; some fixtures carry integers. Accept both. */
const unixSeconds = z.union([z.string().regex(/^\d+$/), z.number().int()]).transform((v) => Number(v));

export const sessionSchema = z.object({
  sdp_type: z.enum(['offer', 'answer']),
  sdp: z.string().min(1),
});
export type Session = z.infer<typeof sessionSchema>;

const base = { messaging_product: z.literal('whatsapp') };
const opaque = z.string().max(512).optional();

/** `POST /{version}/{phone_number_id}/calls` bodies, one per action. */
export const callActionSchema = z.discriminatedUnion('action', [
  // 2026: a business-scoped user id as `recipient`, alongside or instead of `to` (`to` wins when both).
  z.object({ ...base, action: z.literal('connect'), to: z.string().min(1).optional(), recipient: z.string().min(1).optional(), session: sessionSchema, biz_opaque_callback_data: opaque }),
  z.object({ ...base, action: z.literal('pre_accept'), call_id: z.string().min(1), session: sessionSchema }),
  z.object({ ...base, action: z.literal('accept'), call_id: z.string().min(1), session: sessionSchema, biz_opaque_callback_data: opaque }),
  z.object({ ...base, action: z.literal('reject'), call_id: z.string().min(1) }),
  z.object({ ...base, action: z.literal('terminate'), call_id: z.string().min(1) }),
]);
export type CallAction = z.infer<typeof callActionSchema>;
export type CallActionName = CallAction['action'];

export const connectResponseSchema = z.object({
  messaging_product: z.literal('whatsapp'),
  calls: z.array(z.object({ id: z.string() })).min(1),
});
export const successResponseSchema = z.object({ success: z.literal(true) }).loose();

/** Graph error envelope (§2.6). */
export const graphErrorSchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.string(),
    code: z.number().int(),
    error_subcode: z.number().int().optional(),
    error_data: z.object({ messaging_product: z.literal('whatsapp').optional(), details: z.string() }).loose().optional(),
    fbtrace_id: z.string().optional(),
  }),
});
export type GraphErrorBody = z.infer<typeof graphErrorSchema>;

/** `POST /{version}/{phone_number_id}/messages` for an interactive call permission request (§4.2). */
export const permissionRequestMessageSchema = z.object({
  ...base,
  recipient_type: z.literal('individual').optional(),
  to: z.string().min(1).optional(),
  recipient: z.string().min(1).optional(),
  type: z.literal('interactive'),
  interactive: z.object({
    type: z.literal('call_permission_request'),
    action: z.object({ name: z.literal('call_permission_request') }),
    body: z.object({ text: z.string().max(1024) }).optional(),
  }),
});
/** The template form (§4.3): an ordinary template message whose template holds a call_permission_request button. */
export const templateMessageSchema = z.object({
  ...base,
  recipient_type: z.literal('individual').optional(),
  to: z.string().min(1).optional(),
  recipient: z.string().min(1).optional(),
  type: z.literal('template'),
  template: z.object({ name: z.string().min(1), language: z.object({ code: z.string() }), components: z.array(z.unknown()).optional() }),
});
export const outboundMessageSchema = z.discriminatedUnion('type', [permissionRequestMessageSchema, templateMessageSchema]);
export type OutboundMessage = z.infer<typeof outboundMessageSchema>;

export const messageResponseSchema = z.object({
  messaging_product: z.literal('whatsapp'),
  // 2026: `user_id` (BSUID) beside `wa_id`; `wa_id` is left out for a user who hides their number.
  contacts: z.array(z.object({ input: z.string(), wa_id: z.string().optional(), user_id: z.string().optional() })),
  messages: z.array(z.object({ id: z.string() })).min(1),
});

/** `GET /{version}/{phone_number_id}/call_permissions?user_wa_id=` (§4.5). */
export const permissionLimitSchema = z.object({
  time_period: z.string(),
  max_allowed: z.number().int(),
  current_usage: z.number().int(),
  limit_expiration_time: z.number().int().optional(),
});
export const callPermissionsResponseSchema = z.object({
  messaging_product: z.literal('whatsapp'),
  permission: z.object({
    status: z.enum(['no_permission', 'temporary', 'permanent']),
    expiration_time: z.number().int().optional(),
  }),
  actions: z.array(z.object({
    action_name: z.enum(['send_call_permission_request', 'start_call']),
    can_perform_action: z.boolean(),
    limits: z.array(permissionLimitSchema),
  })),
});
export type CallPermissionsResponse = z.infer<typeof callPermissionsResponseSchema>;

/** A count or Unix time Meta may send as a JSON number or as a numeric string. */
const looseInt = z.union([z.number().int(), z.string().trim().regex(/^\d+$/).transform(Number)]);

/**
 * How Ringside reads a `call_permissions` answer: `callPermissionsResponseSchema` is what the
 * simulator sends, this is what we accept from Meta. Its samples differ (reference §4.5, §12.3):
 * `expiration_time` or `expiration`, numbers or numeric strings, `messaging_product` sometimes
 * absent, extra fields (dropped here), actions we do not know (kept by name, ignored by readers).
 */
export const callPermissionsAnswerSchema = z.object({
  messaging_product: z.string().optional(),
  permission: z.object({
    status: z.string().transform((v) => v.toLowerCase()).pipe(z.enum(['no_permission', 'temporary', 'permanent'])),
    expiration_time: looseInt.optional(),
    expiration: looseInt.optional(),
  }),
  actions: z.array(z.object({
    action_name: z.string(),
    can_perform_action: z.boolean(),
    limits: z.array(z.object({
      time_period: z.string(),
      max_allowed: looseInt,
      current_usage: looseInt,
      limit_expiration_time: looseInt.optional(),
    })).default([]),
  })).default([]),
});
export type CallPermissionsAnswer = z.infer<typeof callPermissionsAnswerSchema>;

/** `GET|POST /{version}/{phone_number_id}/settings` — the calling part we model (§7). */
export const callingSettingsSchema = z.object({
  calling: z.object({
    status: z.enum(['ENABLED', 'DISABLED']).optional(),
    call_icon_visibility: z.enum(['DEFAULT', 'DISABLE_ALL']).optional(),
    callback_permission_status: z.enum(['ENABLED', 'DISABLED']).optional(),
    // With SIP enabled, Graph `/calls` answers 131055 and no `calls` webhooks are sent (reference §1, §7).
    sip: z.object({ status: z.enum(['ENABLED', 'DISABLED']).optional() }).loose().optional(),
  }).loose(),
});
export type CallingSettings = z.infer<typeof callingSettingsSchema>;

// ---------------------------------------------------------------------------------------------
// Webhooks (§3)

const webhookErrorSchema = z.object({
  code: z.number().int(),
  title: z.string().optional(),
  message: z.string().optional(),
  href: z.string().optional(),
  error_data: z.object({ details: z.string() }).loose().optional(),
}).loose();
export type WebhookError = z.infer<typeof webhookErrorSchema>;

/** 2026 business-scoped user ids (reference §1.1): present beside, or instead of, the phone fields. */
const bsuidFields = {
  from_user_id: z.string().optional(),
  from_parent_user_id: z.string().optional(),
  to_user_id: z.string().optional(),
  to_parent_user_id: z.string().optional(),
};

export const webhookCallSchema = z.object({
  id: z.string(),
  // Phone fields may be omitted for users with usernames; the *_user_id fields then name them.
  from: z.string().optional(),
  to: z.string().optional(),
  ...bsuidFields,
  event: z.string(), // connect | terminate | others we log and keep (§3.6)
  timestamp: unixSeconds,
  direction: z.enum(['USER_INITIATED', 'BUSINESS_INITIATED']).optional(),
  session: sessionSchema.optional(),
  status: z.string().optional(), // COMPLETED | FAILED on terminate
  start_time: unixSeconds.optional(),
  end_time: unixSeconds.optional(),
  duration: z.number().int().optional(),
  biz_opaque_callback_data: z.string().optional(),
  deeplink_payload: z.string().optional(),
  cta_payload: z.string().optional(),
  errors: z.array(webhookErrorSchema).optional(),
}).loose();
export type WebhookCall = z.infer<typeof webhookCallSchema>;

export const webhookStatusSchema = z.object({
  id: z.string(),
  timestamp: unixSeconds,
  type: z.literal('call'),
  status: z.string(), // RINGING | ACCEPTED | REJECTED
  recipient_id: z.string().optional(),
  recipient_user_id: z.string().optional(),
  recipient_parent_user_id: z.string().optional(),
  biz_opaque_callback_data: z.string().optional(),
}).loose();
export type WebhookStatus = z.infer<typeof webhookStatusSchema>;

export const callPermissionReplySchema = z.object({
  response: z.enum(['accept', 'reject']),
  is_permanent: z.boolean().optional(),
  expiration_timestamp: unixSeconds.optional(),
  response_source: z.enum(['user_action', 'automatic']),
});
export type CallPermissionReply = z.infer<typeof callPermissionReplySchema>;

export const webhookMessageSchema = z.object({
  from: z.string().optional(),
  from_user_id: z.string().optional(),
  from_parent_user_id: z.string().optional(),
  id: z.string(),
  timestamp: unixSeconds,
  type: z.string().optional(),
  context: z.object({ from: z.string().optional(), id: z.string() }).optional(),
  interactive: z.object({
    type: z.string(),
    call_permission_reply: callPermissionReplySchema.optional(),
  }).loose().optional(),
  text: z.object({ body: z.string() }).optional(),
}).loose();
export type WebhookMessage = z.infer<typeof webhookMessageSchema>;

/** `contacts[]`: the customer's profile; 2026 adds `user_id` (BSUID) and `profile.username`, and may omit `wa_id`. */
export const webhookContactSchema = z.object({
  wa_id: z.string().optional(),
  user_id: z.string().optional(),
  parent_user_id: z.string().optional(),
  profile: z.object({ name: z.string().optional(), username: z.string().optional() }).loose().optional(),
}).loose();
export type WebhookContact = z.infer<typeof webhookContactSchema>;

export const webhookValueSchema = z.object({
  messaging_product: z.literal('whatsapp'),
  metadata: z.object({ display_phone_number: z.string(), phone_number_id: z.string() }),
  contacts: z.array(webhookContactSchema).optional(),
  calls: z.array(webhookCallSchema).optional(),
  statuses: z.array(webhookStatusSchema).optional(),
  messages: z.array(webhookMessageSchema).optional(),
  errors: z.array(webhookErrorSchema).optional(),
}).loose();
export type WebhookValue = z.infer<typeof webhookValueSchema>;

export const webhookEnvelopeSchema = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(z.object({
    id: z.string(),
    changes: z.array(z.object({ field: z.string(), value: webhookValueSchema.or(z.record(z.string(), z.unknown())) })),
  })),
});
export type WebhookEnvelope = z.infer<typeof webhookEnvelopeSchema>;

/** The customer a call event is about: the caller of a user-initiated call, the callee otherwise (phone first, then BSUID). */
export function customerOfCall(call: WebhookCall): string | null {
  return call.direction === 'BUSINESS_INITIATED' ? (call.to ?? call.to_user_id ?? null) : (call.from ?? call.from_user_id ?? null);
}
/** The customer who sent a message (phone first, then BSUID). */
export function customerOfMessage(message: WebhookMessage): string | null {
  return message.from ?? message.from_user_id ?? null;
}
/** The callee of a business-initiated call's status (phone first, then BSUID). */
export function customerOfStatus(status: WebhookStatus): string | null {
  return status.recipient_id ?? status.recipient_user_id ?? null;
}

/**
 * `account_update` (field of the same name; reference §5): WhatsApp's warnings and restrictions for
 * a business phone number. Calling uses `ACCOUNT_VIOLATION` with `violation_info.violation_type`
 * (`USER_INITIATED_CALLS_LOW_PICKUP_RATE`, `LOW_BUSINESS_INITIATED_CALLING_QUALITY`, …) and
 * `ACCOUNT_RESTRICTION` with `restriction_info[]` (`RESTRICTED_USER_INITIATED_CALLING_CALL_BUTTON_HIDDEN`,
 * `RESTRICTED_BUSINESS_INITIATED_CALLING`, …) whose `expiration` is Unix seconds (string or number)
 * or an ISO time, as Meta's samples differ.
 */
export const accountUpdateValueSchema = z.object({
  phone_number: z.string().optional(),
  event: z.string(),
  violation_info: z.object({ violation_type: z.string() }).loose().optional(),
  restriction_info: z.array(z.object({ restriction_type: z.string(), expiration: z.union([z.string(), z.number()]).optional() }).loose()).optional(),
}).loose();
export type AccountUpdateValue = z.infer<typeof accountUpdateValueSchema>;

/**
 * `account_settings_update` (since 2025-07-21, reference §7): a number's calling settings changed,
 * including by the business itself. `type` is `phone_number_settings` (or upper-case in Meta's table).
 */
export const accountSettingsUpdateValueSchema = z.object({
  messaging_product: z.literal('whatsapp').optional(),
  timestamp: unixSeconds.optional(),
  type: z.string(),
  phone_number_settings: z.object({
    phone_number_id: z.string(),
    calling: z.record(z.string(), z.unknown()).optional(),
  }).loose(),
}).loose();
export type AccountSettingsUpdateValue = z.infer<typeof accountSettingsUpdateValueSchema>;

/** Meta's JSON is ASCII-escaped (`\u00e4`); the signature covers exactly those bytes (§3.7). */
export function toMetaJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
