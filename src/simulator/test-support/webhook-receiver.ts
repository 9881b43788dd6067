/**
 * A real local HTTP endpoint standing in for the product server's webhook route in tests: it
 * checks `X-Hub-Signature-256` over the raw bytes (as the server must) and records every delivery.
 * `waitFor` resolves on a condition over what arrived, or fails after a bounded time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One delivery as it arrived. */
export interface ReceivedWebhook {
  raw: string;
  // Tests read Meta's shapes loosely; the schemas are exercised by the server's own tests.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  signature: string | undefined;
  signatureValid: boolean;
  contentType: string | undefined;
}

/** A short description of a webhook: the call event, status or message type, and its id. */
export interface WebhookSummary {
  field: string;
  event: string;
  id: string;
}

export function summarize(w: ReceivedWebhook): WebhookSummary {
  const change = w.body.entry[0].changes[0];
  const value = change.value;
  if (value.calls) return { field: change.field, event: value.calls[0].event, id: value.calls[0].id };
  if (value.statuses) return { field: change.field, event: value.statuses[0].status, id: value.statuses[0].id };
  // account_update (event: ACCOUNT_VIOLATION…) and account_settings_update, about the number.
  if (!value.messages) return { field: change.field, event: value.event ?? value.type, id: value.phone_number ?? value.phone_number_settings?.phone_number_id };
  const message = value.messages[0];
  return { field: change.field, event: message.interactive?.type ?? message.type, id: message.context?.id ?? message.id };
}

interface Waiter {
  check: () => boolean;
  resolve: () => void;
}

export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  /** HTTP status to answer the n-th delivery (0-based) with; 200 by default. */
  statusFor: (index: number) => number = () => 200;
  private readonly waiters = new Set<Waiter>();

  /** Where to send webhooks: `http://127.0.0.1:PORT/webhooks/meta`. */
  url = '';

  private constructor(
    private readonly server: Server,
    private readonly appSecret: string,
  ) {}

  static async start(appSecret: string): Promise<WebhookReceiver> {
    const server = createServer();
    const receiver = new WebhookReceiver(server, appSecret);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const status = receiver.record(Buffer.concat(chunks), req.headers['x-hub-signature-256'] as string | undefined, req.headers['content-type']);
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/meta`;
    return receiver;
  }

  /** Summaries of what arrived, optionally only for one call (or request) id. */
  summaries(id?: string): WebhookSummary[] {
    return this.received.map(summarize).filter((s) => id === undefined || s.id === id);
  }

  /** Events of one call in arrival order: ['connect', 'RINGING', …]. */
  eventsOf(id: string): string[] {
    return this.summaries(id).map((s) => s.event);
  }

  /** Resolves when `condition` holds; rejects after `timeoutMs` listing what did arrive. */
  waitFor(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { check: condition, resolve: () => { clearTimeout(timer); resolve(); } };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; received: ${JSON.stringify(this.summaries())}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Waits until the call's events start with `events` (more may follow). */
  waitForEvents(id: string, events: string[], timeoutMs?: number): Promise<void> {
    return this.waitFor(() => this.eventsOf(id).length >= events.length, `${events.join(' → ')} for ${id}`, timeoutMs);
  }

  close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // The simulator's fetch keeps connections alive; don't wait for them to time out.
    this.server.closeAllConnections();
    return closed;
  }

  private record(raw: Buffer, signature: string | undefined, contentType: string | undefined): number {
    const expected = createHmac('sha256', this.appSecret).update(raw).digest();
    const given = signature?.startsWith('sha256=') ? Buffer.from(signature.slice(7), 'hex') : Buffer.alloc(0);
    const index = this.received.length;
    this.received.push({
      raw: raw.toString('utf8'),
      body: JSON.parse(raw.toString('utf8')),
      signature,
      signatureValid: given.length === expected.length && timingSafeEqual(given, expected),
      contentType,
    });
    for (const waiter of this.waiters) {
      if (waiter.check()) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
    return this.statusFor(index);
  }
}
