import { describe, expect, it } from 'vitest';
import { createWorldClock } from './world-clock.ts';

describe('world clock', () => {
  it("follows the simulator's clock and tells when it moves, forwards or back, but not on drift", async () => {
    let world = Date.now();
    let jumps = 0;
    const clock = createWorldClock(async () => world, () => undefined, () => { jumps++; });
    await clock.sync();
    expect(jumps).toBe(0); // the first reading is not a move
    world = Date.now() + 7 * 86_400_000;
    await clock.sync();
    expect(jumps).toBe(1);
    expect(clock.now().getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    world = Date.now() + 7 * 86_400_000 + 50; // drift of a few ms
    await clock.sync();
    expect(jumps).toBe(1);
    world = Date.now(); // a reset rewinds it
    await clock.sync();
    expect(jumps).toBe(2);
  });
});
