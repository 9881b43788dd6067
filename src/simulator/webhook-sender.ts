/**
 * Delivers webhooks the way Meta does (reference §3.7): ASCII-escaped JSON (`toMetaJson`), signed
 * over exactly those bytes (`X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, body)>`),
 * `Content-Type: application/json`, retried with backoff on a non-2xx answer or a timeout.
 * Deliveries sharing an `orderKey` (one call) go out one after another: the next waits for the
 * previous one's success or give-up, unless the reorder fault is on: then each goes out after its
 * own random delay, as Meta's "ordering is not guaranteed" (reference §3.5) allows. Retries and
 * delays run on real time, not the simulator clock.
 */
import { createHmac } from 'node:crypto';
import { toMetaJson } from '../shared/meta-api.ts';
import type { EventLog } from './event-log.ts';

/** One webhook to deliver. */
export interface WebhookDelivery {
  /** Deliveries with the same key are delivered in order (the call id; or one per user pair for messages). */
  orderKey: string;
  /** For the log: connect, terminate, RINGING, ACCEPTED, REJECTED, call_permission_reply. */
  event: string;
  callId: string | null;
  messageId?: string;
  payload: unknown;
}

export interface WebhookSenderOptions {
  url: string;
  appSecret: string;
  log: EventLog;
  /** Tries per webhook, first included (default 5). */
  attempts?: number;
  /** Wait before the first retry; doubles each time (default 500 ms). */
  backoffMs?: number;
  /** Per-try timeout (default 10 s; Meta waits about 20 s). */
  timeoutMs?: number;
  /** Told when a webhook is dropped after the last try. */
  onGiveUp?: (delivery: WebhookDelivery, lastStatus: number | null) => void;
  /** Source of the reorder fault's delays, in [0, 1) (default Math.random). */
  random?: () => number;
}

/** The reorder_webhooks fault: each delivery waits a random 0..maxDelayMs (real time) instead of its turn. */
export interface ReorderFault {
  maxDelayMs: number;
}

/** `sha256=<hex>` over the exact body bytes. */
export function signWebhookBody(appSecret: string, body: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body, 'utf8').digest('hex')}`;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export class WebhookSender {
  /** The duplicate_webhooks fault: every webhook is delivered twice. */
  duplicate = false;
  /** The reorder_webhooks fault, or null. */
  reorder: ReorderFault | null = null;
  /** Draws the reorder delays. */
  random: () => number;
  private readonly queues = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<Promise<void>>();
  private abort = new AbortController();

  constructor(private readonly options: WebhookSenderOptions) {
    this.random = options.random ?? Math.random;
  }

  /** Queues a webhook; never throws. Serialization and signing happen now, once. */
  send(delivery: WebhookDelivery): void {
    const body = toMetaJson(delivery.payload);
    const copies = this.duplicate ? 2 : 1;
    const signal = this.abort.signal;
    if (this.reorder) {
      // Every copy on its own: no queue, so a later webhook of the call can overtake this one.
      const { maxDelayMs } = this.reorder;
      for (let copy = 0; copy < copies; copy++) {
        const delayMs = Math.floor(this.random() * (maxDelayMs + 1));
        this.track(sleep(delayMs, signal).then(() => this.deliver(delivery, body, copy > 0, signal, delayMs)));
      }
      return;
    }
    const previous = this.queues.get(delivery.orderKey) ?? Promise.resolve();
    const next = previous.then(async () => {
      for (let copy = 0; copy < copies; copy++) await this.deliver(delivery, body, copy > 0, signal);
    });
    this.queues.set(delivery.orderKey, next);
    this.track(next);
    void next.finally(() => {
      if (this.queues.get(delivery.orderKey) === next) this.queues.delete(delivery.orderKey);
    });
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  /** Resolves once nothing is queued or retrying. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Drops everything queued or waiting to retry (reset, shutdown). */
  cancelAll(): void {
    this.abort.abort();
    this.abort = new AbortController();
  }

  private async deliver(delivery: WebhookDelivery, body: string, duplicate: boolean, signal: AbortSignal, delayMs?: number): Promise<void> {
    const attempts = this.options.attempts ?? 5;
    let status: number | null = null;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (signal.aborted) return;
      const sentAt = this.options.log.now();
      status = await this.post(body, signal);
      if (signal.aborted) return;
      this.options.log.add({
        kind: 'webhook', sent_at: sentAt, event: delivery.event, call_id: delivery.callId, status, attempt,
        ...(delivery.messageId ? { message_id: delivery.messageId } : {}), ...(duplicate ? { duplicate: true } : {}),
        ...(delayMs === undefined ? {} : { delay_ms: delayMs }),
      });
      if (status !== null && status >= 200 && status < 300) return;
      if (attempt < attempts) await sleep((this.options.backoffMs ?? 500) * 2 ** (attempt - 1), signal);
    }
    this.options.onGiveUp?.(delivery, status);
  }

  private async post(body: string, signal: AbortSignal): Promise<number | null> {
    try {
      const res = await fetch(this.options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': signWebhookBody(this.options.appSecret, body),
          // Legacy SHA-1 header Meta still sends alongside (reference §3.7).
          'x-hub-signature': `sha1=${createHmac('sha1', this.options.appSecret).update(body, 'utf8').digest('hex')}`,
          'user-agent': 'facebookexternalua',
        },
        body,
        signal: AbortSignal.any([signal, AbortSignal.timeout(this.options.timeoutMs ?? 10_000)]),
      });
      await res.arrayBuffer().catch(() => undefined);
      return res.status;
    } catch {
      return null;
    }
  }
}
