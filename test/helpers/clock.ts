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

export interface GatedClock extends ManualClock {
  /** Lets every sleep through from now on (the ones already waiting too). */
  open(): void;
}

/**
 * A manualClock whose sleeps first wait for `open()`: a run that has to wait on time (Shopify's
 * rate limit) is held right there, so a test can see what Flow was answered meanwhile.
 */
export function gatedClock(start?: number): GatedClock {
  const clock = manualClock(start);
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return {
    ...clock,
    sleep: async (ms) => {
      await opened;
      await clock.sleep(ms);
    },
    open,
  };
}
