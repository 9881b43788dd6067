/**
 * The classroom timeline's plain-language captions: what each Graph request Ringside sent and
 * each webhook it received means, in words a class can follow ("WhatsApp reports the customer
 * declined: the unanswered streak rises to 3 of 4"). Pure functions over small facts the server
 * extracts; no zod, no I/O.
 */

/** A Graph request and WhatsApp's answer. */
export interface GraphFacts {
  /** connect, pre_accept, accept, reject, terminate, messages, call_permissions, settings. */
  operation: string;
  /** For `messages`: what was sent. */
  message?: 'permission_request' | 'template' | 'other';
  /** Meta's error code when it refused; null when it answered OK. */
  errorCode: number | null;
  /** Meta's own message with the refusal. */
  errorMessage?: string | null;
  /** For `call_permissions`: what WhatsApp answered ("temporary", "no_permission"…). */
  permission?: string | null;
}

const graphSentences: Record<string, string> = {
  connect: "Ringside asks WhatsApp to call the customer (connect, with the agent's SDP offer)",
  pre_accept: "Ringside sends the agent's SDP answer early (pre_accept), so audio flows the moment the call is accepted",
  accept: 'The agent answers: Ringside accepts the call at WhatsApp (accept)',
  reject: "Ringside declines the customer's call at WhatsApp (reject)",
  terminate: 'Ringside hangs up (terminate)',
  call_permissions: 'Ringside asks WhatsApp what it allows for this customer (call_permissions)',
  settings: "Ringside reads or changes the number's calling settings",
};

/** The caption of a Graph request. */
export function captionGraph(f: GraphFacts): string {
  let sentence = graphSentences[f.operation];
  if (f.operation === 'messages') {
    sentence = f.message === 'permission_request' ? 'Ringside asks the customer for permission to call (an interactive call_permission_request, inside the 24 h service window)'
      : f.message === 'template' ? 'Ringside asks the customer for permission to call with the approved template (outside the 24 h service window)'
        : 'Ringside sends the customer a message';
  }
  sentence ??= `Ringside sends ${f.operation} to WhatsApp`;
  if (f.errorCode !== null) return `${sentence}. WhatsApp refuses with ${f.errorCode}${f.errorMessage ? `: ${f.errorMessage}` : ''}`;
  if (f.operation === 'call_permissions' && f.permission) return `${sentence}. WhatsApp answers: ${f.permission.replace('_', ' ')}`;
  return sentence;
}

/** The pair's unanswered streak around one webhook. */
export interface StreakChange { before: number; after: number; revokeThreshold: number }

/** A webhook element and what it changed. */
export interface WebhookFacts {
  /** connect, terminate, RINGING, ACCEPTED, REJECTED, call_permission_reply, message, account_update, account_settings_update. */
  kind: string;
  direction?: 'user_initiated' | 'business_initiated' | null;
  /** terminate: COMPLETED or FAILED. */
  status?: string | null;
  durationSeconds?: number | null;
  errorCode?: number | null;
  reply?: { response: 'accept' | 'reject'; permanent: boolean; automatic: boolean; toRequest: boolean } | null;
  streak?: StreakChange | null;
  /** account_update: its event and type, e.g. ACCOUNT_VIOLATION / USER_INITIATED_CALLS_LOW_PICKUP_RATE. */
  account?: { event: string; type: string | null } | null;
  /** The call button's or deep link's payload of a user-initiated call. */
  payload?: string | null;
  /** A second copy of a delivery already received. */
  duplicate?: boolean;
}

function streakClause(s: StreakChange | null | undefined): string {
  if (!s || s.after === s.before) return '';
  if (s.after < s.before) return ': the unanswered streak starts again from 0';
  return `: the unanswered streak rises to ${s.after} of ${s.revokeThreshold}`;
}

const pretty = (type: string) => type.toLowerCase().replaceAll('_', ' ');

function captionReply(f: WebhookFacts): string {
  const r = f.reply!;
  if (r.automatic && r.response === 'reject') {
    // WhatsApp revokes exactly when the streak reaches the threshold; the call's own webhooks may not be applied yet.
    const n = f.streak?.revokeThreshold;
    return `WhatsApp revokes the permission automatically${n ? ` after ${n} unanswered calls in a row` : ''} (call_permission_reply: reject, automatic): calls to this customer now fail with 138006`;
  }
  if (r.automatic) return "WhatsApp grants a temporary permission automatically: the customer called a number that offers callback permission";
  if (r.response === 'accept') {
    const how = r.permanent ? 'a permanent permission' : 'a temporary permission for 7 days';
    return `The customer grants ${how}${r.toRequest ? ' in answer to the request' : ' from the business profile'}`;
  }
  return r.toRequest ? 'The customer declines the request: the next request must wait' : 'The customer revokes the permission (a reject without a request)';
}

/** The caption of a received webhook. */
export function captionWebhook(f: WebhookFacts): string {
  if (f.duplicate) return 'WhatsApp delivers the same webhook again: Ringside stores it once and ignores the copy';
  switch (f.kind) {
    case 'connect':
      if (f.direction === 'user_initiated') return `The customer calls the business: WhatsApp offers the call (connect, with its SDP offer)${f.payload ? `, from a link or button with payload "${f.payload}"` : ''}`;
      return "WhatsApp answers Ringside's call with its SDP (connect): the customer's phone can ring";
    case 'RINGING': return "WhatsApp reports the customer's phone is ringing";
    case 'ACCEPTED': return `WhatsApp reports the customer picked up${streakClause(f.streak)}`;
    case 'REJECTED': return `WhatsApp reports the customer declined${streakClause(f.streak)}`;
    case 'terminate': {
      const code = f.errorCode ? ` with error ${f.errorCode}` : '';
      if (f.status === 'COMPLETED' && f.durationSeconds) return `WhatsApp ends the call after ${f.durationSeconds} s (terminate, completed)${streakClause(f.streak)}`;
      if (f.status === 'COMPLETED') return `WhatsApp ends the call (terminate)${streakClause(f.streak)}`;
      return `WhatsApp ends the call unanswered (terminate, ${pretty(f.status ?? 'failed')}${code})${streakClause(f.streak)}`;
    }
    case 'call_permission_reply': return captionReply(f);
    case 'account_update': {
      const a = f.account;
      if (a?.event === 'ACCOUNT_VIOLATION') return `WhatsApp warns the business number: ${pretty(a.type ?? 'violation')} (account_update)`;
      if (a?.event === 'ACCOUNT_RESTRICTION') return `WhatsApp restricts the business number: ${pretty(a.type ?? 'restriction')} (account_update)`;
      return `WhatsApp reports a change to the business account (account_update${a ? `: ${a.event}` : ''})`;
    }
    case 'account_settings_update': return "WhatsApp reports the number's calling settings changed (account_settings_update)";
    default: return `WhatsApp sends a ${f.kind} webhook`;
  }
}
