import { describe, expect, it } from 'vitest';
import { createTabOwner } from './tab-owner.ts';

/** An in-memory LockManager for one lock name, with the Web Locks semantics tab-owner relies on. */
function fakeLocks() {
  type Holder = { reject: (e: unknown) => void };
  let holder: Holder | null = null;
  const queue: Array<{ grant: () => void; reject: (e: unknown) => void }> = [];
  const next = () => {
    holder = null;
    queue.shift()?.grant();
  };
  const request = (_name: string, options: LockOptions, cb: (lock: Lock | null) => unknown) =>
    new Promise((resolve, reject) => {
      const grant = () => {
        const me: Holder = { reject };
        holder = me;
        void Promise.resolve(cb({ name: _name, mode: 'exclusive' } as Lock)).then((v) => {
          if (holder === me) next();
          resolve(v);
        });
      };
      if (options.steal) {
        holder?.reject(new DOMException('stolen', 'AbortError'));
        holder = null;
        grant();
      } else if (!holder) grant();
      else if (options.ifAvailable) void Promise.resolve(cb(null)).then(resolve);
      else {
        const entry = { grant, reject };
        queue.push(entry);
        options.signal?.addEventListener('abort', () => {
          queue.splice(queue.indexOf(entry), 1);
          reject(new DOMException('aborted', 'AbortError'));
        });
      }
    });
  return { request } as unknown as Pick<LockManager, 'request'>;
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('one tab owns the media', () => {
  it('the first tab owns it, the second waits and says so', async () => {
    const locks = fakeLocks();
    const a = createTabOwner('m', locks);
    await settle();
    const b = createTabOwner('m', locks);
    await settle();
    expect(a.state.getState().role).toBe('owner');
    expect(b.state.getState().role).toBe('other');
  });

  it('take over moves it; the first tab can take it back', async () => {
    const locks = fakeLocks();
    const a = createTabOwner('m', locks);
    await settle();
    const b = createTabOwner('m', locks);
    await settle();
    b.takeOver();
    await settle();
    expect([a.state.getState().role, b.state.getState().role]).toEqual(['other', 'owner']);
    a.takeOver();
    await settle();
    expect([a.state.getState().role, b.state.getState().role]).toEqual(['owner', 'other']);
  });

  it('when the owner closes, the waiting tab takes over by itself', async () => {
    const locks = fakeLocks();
    const a = createTabOwner('m', locks);
    await settle();
    const b = createTabOwner('m', locks);
    await settle();
    a.release();
    await settle();
    expect(b.state.getState().role).toBe('owner');
  });

  it('without Web Locks every tab owns its media', () => {
    expect(createTabOwner('m', undefined).state.getState().role).toBe('owner');
  });
});
