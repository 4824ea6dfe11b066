/**
 * One server process per core (FLOWFILL_WORKERS > 1): a primary that owns what must happen once
 * per database, and N HTTP workers forked with node:cluster that share its port.
 *
 * The primary migrates the database before any worker starts, runs the one WAL checkpointer and
 * the one sweep, and supervises the workers: a worker that crashes is logged and replaced, and
 * SIGTERM/SIGINT stops every worker (each finishes its runs) before the primary closes the
 * database. The workers share the database file; the ledger's claim (a unique-key insert, then
 * a conditional update with a lease) is decided by SQLite, so it holds across processes.
 */
import cluster, { type Worker } from 'node:cluster';
import { buildDeps } from './build-deps';
import { systemClock } from './clock';
import type { Config } from './config';
import { migrateDatabase, openDatabase } from './db/node';
import { createLogger, type Logger } from './log';
import { startSweep, trackPending } from './server';

export interface SuperviseOptions {
  /** How many workers to keep running. */
  count: number;
  logger: Logger;
  /** Once every worker has exited after a stop: release what the primary holds (its database). */
  onStopped: () => Promise<void>;
  /** Before the workers are told to stop (e.g. stop the primary's timers). */
  onStopping?: () => void;
}

/** A worker that crashes again within this long of the last crash is replaced after a pause. */
const CRASH_WINDOW_MS = 10_000;
const RESTART_PAUSE_MS = 1_000;
/** The primary's own limit for a stop; each worker gives its runs 10 s (src/server.ts). */
const STOP_TIMEOUT_MS = 15_000;

/**
 * Forks `count` workers (this script again, see node:cluster), replaces any that crash, and stops
 * them all on SIGTERM/SIGINT. A worker that exits before it ever listened stops the whole server
 * with exit code 1: the cause (a port in use, a database it cannot open) would repeat forever.
 */
export function superviseWorkers(options: SuperviseOptions): void {
  const { count, logger } = options;
  const live = new Set<Worker>();
  const listened = new Set<number>();
  let stopping = false;
  let exitCode = 0;
  let lastCrash = 0;

  const fork = () => {
    const worker = cluster.fork();
    live.add(worker);
    worker.once('listening', () => listened.add(worker.id));
  };

  const stop = (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    logger.log('info', 'shutting down', { signal: reason, workers: live.size });
    options.onStopping?.();
    for (const worker of live) worker.process.kill('SIGTERM');
    if (live.size === 0) void finish();
    setTimeout(() => process.exit(1), STOP_TIMEOUT_MS).unref();
  };

  const finish = async () => {
    await options.onStopped();
    process.exit(exitCode);
  };

  cluster.on('exit', (worker, code, signal) => {
    live.delete(worker);
    if (stopping) {
      if (live.size === 0) void finish();
      return;
    }
    const fields = { worker: worker.id, workerPid: worker.process.pid, code, signal };
    if (!listened.has(worker.id)) {
      logger.log('error', 'worker exited before it listened; stopping', fields);
      stop('worker failed to start', 1);
      return;
    }
    logger.log('error', 'worker exited; starting another', fields);
    const now = Date.now();
    const pause = now - lastCrash < CRASH_WINDOW_MS ? RESTART_PAUSE_MS : 0;
    lastCrash = now;
    setTimeout(() => {
      if (!stopping) fork();
    }, pause);
  });

  process.on('SIGTERM', () => stop('SIGTERM', 0));
  process.on('SIGINT', () => stop('SIGINT', 0));
  for (let i = 0; i < count; i++) fork();
}

/** The flowfill primary: migrations, the checkpointer and the sweep here, config.workers HTTP workers forked. */
export async function runPrimary(config: Config): Promise<void> {
  const logger = createLogger().child({ role: 'primary', pid: process.pid });
  const database = await openDatabase(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN, {
    backgroundCheckpoint: true,
    onCheckpointError: (message) => logger.log('error', 'WAL checkpoint failed', { error: message }),
  });
  await migrateDatabase(database.db);

  // The sweep resumes runs with the same code as a Flow request; here it is the only one, so
  // N workers never race each other for the same due runs (their claims would be safe, not useful).
  const pending = new Set<Promise<unknown>>();
  const deps = buildDeps(config, { db: database.db, adminFetch: fetch, clock: systemClock, logger, waitUntil: trackPending(pending) });
  const stopSweep = startSweep(deps, config.SWEEP_INTERVAL_MS, logger);

  logger.log('info', 'flowfill starting workers', { workers: config.workers, port: config.PORT });
  superviseWorkers({
    count: config.workers,
    logger,
    onStopping: stopSweep,
    onStopped: async () => {
      await Promise.allSettled(pending);
      await database.close();
    },
  });
}
