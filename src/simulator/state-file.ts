/**
 * The one owner of the state file: reads it once at start, then writes the world soon after each
 * change (debounced, tens of ms) and on close. Every write goes to a temporary file in the same
 * directory and is renamed over the old one, so a crash mid-write leaves the previous state intact.
 * A file that exists but cannot be read as a simulator state is an error at start, and is never
 * overwritten: bad input loses nothing.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { errorMessage } from './errors-text.ts';
import { persistedStateSchema, type PersistedState } from './world-state.ts';

export interface StateFileOptions {
  path: string;
  /** The state to write, built when a write happens. */
  capture: () => PersistedState;
  /** Wait after a change before writing, so a burst of changes makes one write (default 25 ms). */
  debounceMs?: number;
  /** Told when a write fails; the next change or flush tries again (default console.error). */
  onError?: (error: unknown) => void;
}

export class StateFile {
  private started = false;
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly options: StateFileOptions) {}

  /** The state in the file; null when there is no file yet. Throws a clear error for anything else. */
  load(): PersistedState | null {
    const { path } = this.options;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new Error(`The simulator state file ${path} cannot be read: ${errorMessage(err)}`, { cause: err });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw this.unreadable(`it is not JSON (${errorMessage(err)})`, err);
    }
    const parsed = persistedStateSchema.safeParse(json);
    if (!parsed.success) {
      throw this.unreadable(parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '));
    }
    return parsed.data;
  }

  /** From now on changes are written (changes made while loading or seeding are not). */
  start(): void {
    this.started = true;
  }

  /** Something changed: write soon. */
  markDirty(): void {
    if (!this.started) return;
    this.dirty = true;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.options.debounceMs ?? 25);
  }

  /** Writes now if anything changed; resolves once the file holds the latest state. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.writing = this.writing.then(() => this.writeIfDirty());
    return this.writing;
  }

  /** Writes what is pending, then stops writing. */
  async close(): Promise<void> {
    await this.flush();
    this.started = false;
  }

  private async writeIfDirty(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    const { path } = this.options;
    const temp = `${path}.${process.pid}.tmp`;
    try {
      const text = `${JSON.stringify(this.options.capture())}\n`;
      mkdirSync(dirname(path), { recursive: true });
      await writeFile(temp, text, 'utf8');
      await rename(temp, path);
    } catch (err) {
      this.dirty = true;
      (this.options.onError ?? ((e: unknown) => console.error(`writing the simulator state file ${path} failed:`, e)))(err);
    }
  }

  private unreadable(reason: string, cause?: unknown): Error {
    const message = `The simulator state file ${this.options.path} is not a simulator state: ${reason}. Fix it or move it away; the simulator does not overwrite it.`;
    return new Error(message, cause === undefined ? {} : { cause });
  }
}
