/**
 * A Server-Sent Events stream that stays open. EventSource retries network drops on its own, but an
 * HTTP error (401, 502) closes it for good, so we reopen it ourselves with a backoff. Both unnamed
 * messages and the given named events are delivered, whichever the server sends.
 */

export type LinkStatus = 'connecting' | 'open' | 'reconnecting';

export interface EventStreamOptions {
  /** Raw `data:` payload of each event. */
  onData: (data: string) => void;
  /** Event names the server may use in `event:` lines. */
  eventNames?: readonly string[];
  /** Every (re)open; `reconnected` is false only for the first one. */
  onOpen?: (reconnected: boolean) => void;
  onStatus?: (status: LinkStatus) => void;
  /** The server refused the stream (e.g. the session expired). */
  onRefused?: () => void;
  createSource?: (url: string) => EventSource;
}

/** Why 1 s doubling to 15 s: quick recovery from a restart without hammering a server that is down. */
const retryDelays = [1000, 2000, 4000, 8000, 15000];

export function openEventStream(url: string, options: EventStreamOptions): () => void {
  const createSource = options.createSource ?? ((u: string) => new EventSource(u));
  const onMessage = (message: Event) => options.onData(String((message as MessageEvent).data));
  let source: EventSource | null = null;
  let opened = false;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const open = () => {
    options.onStatus?.(opened ? 'reconnecting' : 'connecting');
    const es = createSource(url);
    source = es;
    es.onopen = () => {
      failures = 0;
      options.onStatus?.('open');
      options.onOpen?.(opened);
      opened = true;
    };
    es.onmessage = onMessage;
    options.eventNames?.forEach((name) => es.addEventListener(name, onMessage));
    es.onerror = () => {
      if (closed) return;
      options.onStatus?.('reconnecting');
      if (es.readyState !== EventSource.CLOSED) return;
      es.close();
      options.onRefused?.();
      timer = setTimeout(open, retryDelays[Math.min(failures, retryDelays.length - 1)]);
      failures += 1;
    };
  };

  open();
  return () => {
    closed = true;
    clearTimeout(timer);
    source?.close();
  };
}

/** JSON.parse that reports instead of throwing. */
export function parseJsonData(raw: string, where: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    console.warn(`${where}: event is not JSON`, raw);
    return undefined;
  }
}
