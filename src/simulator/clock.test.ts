import { afterEach, describe, expect, it } from 'vitest';
import { createSimClock, type SimClock } from './clock.ts';

describe('SimClock', () => {
  let clock: SimClock | undefined;
  afterEach(() => clock?.dispose());

  it('fires due timers in time order on advance, with now() at each due time', () => {
    clock = createSimClock({ realTime: false, start: 1_000_000 });
    const c = clock;
    const fired: Array<[string, number]> = [];
    c.setTimer(300, () => fired.push(['c', c.now()]));
    c.setTimer(100, () => fired.push(['a', c.now()]));
    c.setTimer(200, () => fired.push(['b', c.now()]));
    expect(c.advance(250)).toBe(1_000_250);
    expect(fired).toEqual([['a', 1_000_100], ['b', 1_000_200]]);
    c.advance(50);
    expect(fired.map(([name]) => name)).toEqual(['a', 'b', 'c']);
  });

  it('fires timers scheduled by a timer within the same advance', () => {
    clock = createSimClock({ realTime: false, start: 0 });
    const c = clock;
    const fired: number[] = [];
    c.setTimer(1000, () => c.setTimer(20_000, () => fired.push(c.now())));
    c.advance(25_000);
    expect(fired).toEqual([21_000]);
    expect(c.now()).toBe(25_000);
  });

  it('keeps scheduling order for equal due times and skips cancelled timers', () => {
    clock = createSimClock({ realTime: false, start: 0 });
    const fired: string[] = [];
    clock.setTimer(10, () => fired.push('first'));
    const cancelled = clock.setTimer(10, () => fired.push('cancelled'));
    clock.setTimer(10, () => fired.push('second'));
    cancelled.cancel();
    clock.advance(10);
    expect(fired).toEqual(['first', 'second']);
  });

  it('reset drops timers and the offset', () => {
    clock = createSimClock({ realTime: false, start: 5000 });
    const fired: string[] = [];
    clock.setTimer(10, () => fired.push('x'));
    clock.advance(5);
    clock.reset();
    expect(clock.now()).toBe(5000);
    clock.advance(100);
    expect(fired).toEqual([]);
  });

  it('in real-time mode follows wall time plus the offset and fires timers as time passes', async () => {
    clock = createSimClock();
    const before = Date.now();
    clock.advance(60_000);
    expect(clock.now() - before).toBeGreaterThanOrEqual(60_000);
    const fired = new Promise<number>((resolve) => clock!.setTimer(5, () => resolve(clock!.now())));
    expect(await fired).toBeGreaterThanOrEqual(before + 60_005);
  });

  it('reports its offset, and a restored offset puts a new clock where the old one stood', () => {
    clock = createSimClock({ realTime: false, start: 10_000 });
    clock.advance(7_250);
    expect(clock.offset()).toBe(7_250);
    const resumed = createSimClock({ realTime: false, start: 10_000 });
    resumed.restoreOffset(clock.offset());
    expect(resumed.now()).toBe(clock.now());
    resumed.reset();
    expect(resumed.offset()).toBe(0);
    resumed.dispose();
  });
});
