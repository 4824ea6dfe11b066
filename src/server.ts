/**
 * One Node HTTP server process: the whole app when it runs alone, or one of a cluster's workers
 * (src/cluster.ts), which leaves the once-per-database jobs (migrations, WAL checkpoints, the
 * sweep) to the primary.
 */
import { serve } from '@hono/node-server';
import { nodeAssets } from './admin/page/assets';
import { createApp } from './app';
import { buildDeps } from './build-deps';
import { systemClock } from './clock';
import type { Config } from './config';
import type { AppDeps } from './deps';
import { migrateDatabase, openDatabase } from './db/node';
import { sweepRuns } from './flow/sweep';
import { createLogger, type Logger } from './log';
import type { Sandbox } from './sandbox/start';

export interface ServerRole {
  /** The cluster worker's id; unset when this process is the whole server. */
  worker?: number;
}

/** Serves the app on config.PORT until SIGTERM/SIGINT (or, for a worker, until its primary is gone). */
export async function runServer(config: Config, role: ServerRole = {}): Promise<void> {
  const worker = role.worker;
  const logger = worker === undefined ? createLogger() : createLogger().child({ worker, pid: process.pid });
  const clock = systemClock;
  const database = await openDatabase(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN, {
    backgroundCheckpoint: worker === undefined ? true : 'elsewhere',
    onCheckpointError: (message) => logger.log('error', 'WAL checkpoint failed', { error: message }),
  });
  // A worker starts after its primary migrated the database (N workers migrating at once would race).
  if (worker === undefined) await migrateDatabase(database.db);

  let apiSecret = config.SHOPIFY_API_SECRET;
  let adminFetch: typeof fetch = fetch;
  let banner: string[] = [];
  let sandboxShop: string | undefined;
  let sandboxHistory: ((days: number) => ReturnType<Sandbox['history']>) | undefined;
  if (config.sandbox) {
    // Imported lazily so that the simulator never loads in production.
    const { startSandbox } = await import('./sandbox/start');
    const sandbox = await startSandbox(database.db, clock);
    apiSecret = sandbox.secret;
    adminFetch = sandbox.fetch;
    banner = sandbox.banner(config.PORT);
    sandboxShop = sandbox.shop;
    sandboxHistory = (days) => sandbox.history(days, logger);
  }

  const pending = new Set<Promise<unknown>>();
  const deps = buildDeps(
    { ...config, SHOPIFY_API_SECRET: apiSecret },
    {
      db: database.db,
      adminFetch,
      clock,
      logger,
      sandboxShop,
      sandboxHistory,
      // Runs that answered 202 keep going; shutdown waits for them before closing the database.
      waitUntil: trackPending(pending),
    },
  );
  const app = createApp(deps);
  app.use('/assets/*', nodeAssets());
  const server = serve({ fetch: app.fetch, port: config.PORT }, (info) => {
    logger.log('info', 'flowfill listening', {
      port: info.port,
      sandbox: config.sandbox,
      database: config.DATABASE_URL.startsWith('file:') ? config.DATABASE_URL : 'remote',
    });
    for (const line of banner) console.log(line);
  });

  const stopSweep = worker === undefined ? startSweep(deps, config.SWEEP_INTERVAL_MS, logger) : () => undefined;

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log('info', 'shutting down', { signal });
    stopSweep();
    server.close(() => {
      // Let runs that answered 202 but are still working record their outcome first.
      void Promise.allSettled(pending)
        .then(() => database.close())
        .then(() => process.exit(0));
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  // The primary died without stopping its workers (SIGKILL, a crash): no new connections reach
  // this process any more, so it finishes what it holds and exits rather than linger orphaned.
  if (worker !== undefined) process.on('disconnect', () => shutdown('primary disconnected'));
}

/** A waitUntil that keeps each promise in `pending` until it settles (shutdown waits for them). */
export function trackPending(pending: Set<Promise<unknown>>): (promise: Promise<unknown>) => void {
  return (promise) => {
    pending.add(promise);
    void promise.finally(() => pending.delete(promise));
  };
}

/** Runs sweepRuns every `intervalMs` (0 = never); returns the function that stops it. */
export function startSweep(deps: AppDeps, intervalMs: number, logger: Logger): () => void {
  if (intervalMs <= 0) return () => undefined;
  const timer = setInterval(() => {
    const job = sweepRuns(deps).catch((error: unknown) =>
      logger.log('error', 'sweep failed', { error: error instanceof Error ? error : String(error) }),
    );
    deps.waitUntil(job);
  }, intervalMs);
  return () => clearInterval(timer);
}
