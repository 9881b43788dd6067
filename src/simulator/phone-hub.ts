/**
 * The open phone pages, as server-sent-event streams per user. While at least one is open the
 * user is `phone_attached` and a person decides instead of the script. Every change pushes a
 * fresh snapshot (`PhoneEvent`), so the page never has to merge partial updates.
 */
import type { ServerResponse } from 'node:http';
import type { PhoneEvent, PhoneSnapshot } from '../shared/sim-api.ts';
import type { PhoneNotifier } from './sim-context.ts';

// Comment lines keep proxies and browsers from timing idle streams out.
const HEARTBEAT_MS = 15_000;

export class PhoneHub implements PhoneNotifier {
  private readonly streams = new Map<string, Set<ServerResponse>>();
  private heartbeat: ReturnType<typeof setInterval> | undefined;

  /** `snapshot` builds the user's phone view; it may call `isAttached`. */
  constructor(private readonly snapshot: (waId: string) => PhoneSnapshot) {}

  /**
   * Takes over an HTTP response as the user's event stream until the client goes away. `headers`
   * add to the stream's own (the CORS headers the request earned; the response is hijacked).
   */
  attach(waId: string, res: ServerResponse, headers: Record<string, string> = {}): void {
    res.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const set = this.streams.get(waId) ?? new Set();
    set.add(res);
    this.streams.set(waId, set);
    res.on('close', () => {
      set.delete(res);
      if (set.size === 0) this.streams.delete(waId);
      if (this.streams.size === 0) this.stopHeartbeat();
    });
    this.startHeartbeat();
    // The first event tells the page (and other pages of the same user) that it is now attached.
    this.notify(waId, 'snapshot');
  }

  isAttached(waId: string): boolean {
    return (this.streams.get(waId)?.size ?? 0) > 0;
  }

  notify(waId: string, type: PhoneEvent['type']): void {
    const set = this.streams.get(waId);
    if (!set || set.size === 0) return;
    const event: PhoneEvent = { type, snapshot: this.snapshot(waId) };
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const res of set) res.write(frame);
  }

  /** Pushes a fresh snapshot to every open page (after a reset). */
  notifyAll(): void {
    for (const waId of this.streams.keys()) this.notify(waId, 'snapshot');
  }

  /** Ends every stream (shutdown). */
  closeAll(): void {
    for (const set of this.streams.values()) for (const res of set) res.end();
    this.streams.clear();
    this.stopHeartbeat();
  }

  private startHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => {
      for (const set of this.streams.values()) for (const res of set) res.write(': ping\n\n');
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }
}
