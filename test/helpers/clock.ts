/** A clock tests move by hand: sleeping advances time instantly. */
import type { Clock } from '../../src/clock';

export interface ManualClock extends Clock {
  advance(ms: number): void;
  readonly slept: number[];
}

/** Starts at `start`; `sleep(ms)` records the wait and jumps the time forward. */
export function manualClock(start = Date.parse('2026-11-27T12:00:00Z')): ManualClock {
  let now = start;
  const slept: number[] = [];
  return {
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    advance: (ms) => {
      now += ms;
    },
    slept,
  };
}
