/**
 * The business's webhook endpoint, written the way an integrator must write it (reference §3.7):
 * it verifies `X-Hub-Signature-256` — HMAC-SHA256 of the raw body bytes with the app secret,
 * compared in constant time — before parsing anything, answers 401 to a bad or missing signature
 * and 200 otherwise, and records every call event (`calls[]`) and call status (`statuses[]`) in
 * arrival order with the local time it arrived. `waitFor` resolves on a condition over what
 * arrived, or fails after a bounded time listing what did arrive.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One element of `value.calls[]` or `value.statuses[]`, flattened with its envelope. */
export interface CallEvent {
  callId: string;
  /** `connect` / `terminate` for calls[], `RINGING` / `ACCEPTED` / `REJECTED` for statuses[]. */
  event: string;
  kind: 'call' | 'status';
  /** `performance.now()` when the delivery arrived. */
  at: number;
  // Meta's JSON is read loosely on purpose: the assertions say which fields matter.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  item: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  value: any;
  field: string;
}

/** One HTTP delivery as it arrived. */
export interface Delivery {
  at: number;
  method: string;
  path: string;
  signature: string | undefined;
  contentType: string | undefined;
  userAgent: string | undefined;
  signatureValid: boolean;
  /** What we answered. */
  status: number;
  raw: Buffer;
}

interface Waiter {
  check: () => boolean;
  resolve: () => void;
}

export function verifySignature(appSecret: string, raw: Buffer, header: string | undefined): boolean {
  if (!header || !/^sha256=[0-9a-f]{64}$/.test(header)) return false;
  const expected = createHmac('sha256', appSecret).update(raw).digest();
  const given = Buffer.from(header.slice('sha256='.length), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export class SignedWebhookReceiver {
  readonly deliveries: Delivery[] = [];
  readonly events: CallEvent[] = [];
  /** Where the simulator should POST: `http://127.0.0.1:PORT/webhooks/meta`. */
  url = '';
  private readonly waiters = new Set<Waiter>();

  private constructor(private readonly server: Server, private readonly appSecret: string) {}

  static async start(appSecret: string): Promise<SignedWebhookReceiver> {
    const server = createServer();
    const receiver = new SignedWebhookReceiver(server, appSecret);
    server.on('request', (req, res) => {
      readBody(req).then((raw) => {
        const status = receiver.handle(req, raw);
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'EVENT_RECEIVED' : 'invalid signature');
      }, () => res.writeHead(400).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/meta`;
    return receiver;
  }

  /** Deliveries answered 401. */
  get rejected(): Delivery[] {
    return this.deliveries.filter((d) => d.status === 401);
  }

  /** The events of one call in arrival order. */
  eventsOf(callId: string): CallEvent[] {
    return this.events.filter((e) => e.callId === callId);
  }

  /** Event names of one call in arrival order: ['connect', 'RINGING', …]. */
  namesOf(callId: string): string[] {
    return this.eventsOf(callId).map((e) => e.event);
  }

  /** The first `event` of `callId`, waiting for it if needed. */
  async waitForEvent(callId: string, event: string, timeoutMs = 10_000): Promise<CallEvent> {
    const find = () => this.events.find((e) => e.callId === callId && e.event === event);
    await this.waitFor(() => find() !== undefined, `${event} for ${callId}`, timeoutMs);
    return find()!;
  }

  /** Resolves when `condition` holds; rejects after `timeoutMs` listing what did arrive. */
  waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        check: condition,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this.events.map((e) => `${e.event}@${e.callId.slice(0, 24)}…`);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; received: ${JSON.stringify(seen)}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // The simulator's fetch keeps connections alive; do not wait for them to time out.
    this.server.closeAllConnections();
    return closed;
  }

  private handle(req: IncomingMessage, raw: Buffer): number {
    const signature = req.headers['x-hub-signature-256'];
    const header = Array.isArray(signature) ? signature[0] : signature;
    const signatureValid = verifySignature(this.appSecret, raw, header);
    const at = performance.now();
    const status = req.method !== 'POST' ? 405 : signatureValid ? 200 : 401;
    this.deliveries.push({
      at, method: req.method ?? '', path: req.url ?? '', signature: header, contentType: req.headers['content-type'],
      userAgent: req.headers['user-agent'], signatureValid, status, raw,
    });
    if (status !== 200) return status;

    // Only verified bytes are parsed. Graph may batch: walk every entry, change and item.
    const body = JSON.parse(raw.toString('utf8'));
    for (const entry of body.entry ?? []) {
      for (const change of entry.changes ?? []) {
        const value = change.value ?? {};
        for (const item of value.calls ?? []) {
          this.events.push({ callId: item.id, event: item.event, kind: 'call', at, item, value, field: change.field });
        }
        for (const item of value.statuses ?? []) {
          this.events.push({ callId: item.id, event: item.status, kind: 'status', at, item, value, field: change.field });
        }
      }
    }
    for (const waiter of this.waiters) {
      if (!waiter.check()) continue;
      this.waiters.delete(waiter);
      waiter.resolve();
    }
    return status;
  }
}
