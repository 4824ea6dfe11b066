/**
 * One attempt's hold on its run: every ledger write it makes is fenced by its attempt number, and
 * a heartbeat renews the lease while the action works, so a long but healthy run is not taken
 * over, while one that is stuck (or whose process froze) loses the run and can no longer write.
 */
import type { Clock } from '../clock';
import type { BatchStatement } from '../db/batch';
import type { Database } from '../db/database';
import { finishRun, renewLease, saveSteps, type Attempt, type RunOutcome } from '../db/ledger';
import type { RunStep } from '../db/schema';
import type { Logger } from '../log';

export interface HoldDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  leaseMs: number;
}

export interface RunHold {
  readonly attempt: number;
  /** True once a write found the run taken over by a newer attempt; nothing more may be sent. */
  readonly superseded: boolean;
  /** Saves the steps and extends the lease; false when superseded (nothing written). */
  saveSteps(steps: RunStep[]): Promise<boolean>;
  /** Extends the lease; false when superseded. */
  renew(): Promise<boolean>;
  /**
   * Before a mutation that saves no step: true while this attempt holds the run. No database
   * write when a fenced write of the last third of a lease proved it (nobody can take a run over
   * before its lease runs out, and that write extended it by a whole lease), else renew().
   */
  ensureHeld(): Promise<boolean>;
  /**
   * Writes the outcome, with `alongside` in the same batch (each fenced on this attempt itself,
   * see heldCondition); false when superseded (nothing written). Stops the heartbeat first.
   */
  finish(outcome: RunOutcome, alongside?: readonly BatchStatement[]): Promise<boolean>;
  /** Stops the heartbeat (idempotent). */
  stop(): void;
}

/**
 * Holds `run` for the attempt that claimed or took it over, renewing the lease every lease/3.
 * Plain timers (no unref) work on Node and in workerd; call stop() in a finally.
 */
export function holdRun(deps: HoldDeps, run: Attempt, provenAt: number): RunHold {
  const { db, clock, logger, leaseMs } = deps;
  let superseded = false;
  /** When a fenced write last proved the hold (and set the lease to a whole leaseMs from then). */
  let proven = provenAt;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const held = (ok: boolean, at: number): boolean => {
    if (ok) proven = Math.max(proven, at);
    if (!ok && !superseded) {
      superseded = true;
      logger.log('warn', 'run taken over by a newer attempt', { attempt: run.attempts });
    }
    return ok;
  };
  const renew = async () => {
    const at = clock.now();
    return !superseded && held(await renewLease(db, run, at, leaseMs), at);
  };
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
  };

  // A chain of timeouts, not an interval: a renewal slowed by a busy database never overlaps the next.
  const beat = () => {
    timer = setTimeout(
      async () => {
        try {
          if (stopped || !(await renew())) return;
        } catch (error) {
          // A missed renewal is not fatal: the lease still runs, and the next beat tries again.
          logger.log('warn', 'lease renewal failed', { error: error instanceof Error ? error : String(error) });
        }
        if (!stopped) beat();
      },
      Math.max(1, Math.floor(leaseMs / 3)),
    );
  };
  beat();

  return {
    attempt: run.attempts,
    get superseded() {
      return superseded;
    },
    saveSteps: async (steps) => {
      const at = clock.now();
      return !superseded && held(await saveSteps(db, run, steps, at, leaseMs), at);
    },
    renew,
    ensureHeld: async () => !superseded && (clock.now() - proven < leaseMs / 3 || renew()),
    async finish(outcome, alongside = []) {
      stop();
      return !superseded && held(await finishRun(db, run, outcome, alongside), clock.now());
    },
    stop,
  };
}
