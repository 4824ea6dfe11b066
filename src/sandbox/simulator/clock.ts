/** A clock tests move by hand: leaky bucket refills, timed holds and timestamps follow it. */
export interface ManualClock {
  now(): number;
  /** Moves the clock forward by `ms`. */
  advance(ms: number): void;
  /** Sets the clock to `ms` since the epoch. */
  set(ms: number): void;
}

/** A manual clock starting at `start` (default 2026-07-01T12:00:00Z). */
export function createManualClock(start = Date.UTC(2026, 6, 1, 12, 0, 0)): ManualClock {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
    set: (ms) => {
      t = ms;
    },
  };
}
