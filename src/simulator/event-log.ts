/**
 * A bounded log of Graph requests received and webhook deliveries made, served on `GET /_sim/log`.
 * Tests and benchmarks read it (e.g. when a `connect` arrived, how often a webhook was retried).
 */
import type { SimLogEntry } from '../shared/sim-api.ts';

/** What a caller records; `seq` and `at` are filled in unless given. */
export type LogInput = Omit<SimLogEntry, 'seq' | 'at'> & { at?: number };

export class EventLog {
  private readonly list: SimLogEntry[] = [];
  private seq = 0;

  constructor(
    /** The simulator clock the entries are stamped with. */
    readonly now: () => number,
    private readonly capacity = 2000,
  ) {}

  add(input: LogInput): void {
    this.list.push({ ...input, seq: ++this.seq, at: input.at ?? this.now() });
    if (this.list.length > this.capacity) this.list.splice(0, this.list.length - this.capacity);
  }

  /** Entries in order, optionally only those after `afterSeq`. */
  entries(afterSeq = 0): SimLogEntry[] {
    return this.list.filter((e) => e.seq > afterSeq);
  }

  clear(): void {
    this.list.length = 0;
  }
}
