/** Node entry: @hono/node-server over an embedded libSQL file; sandbox store when no Shopify credentials. */
// web-api, not node: Hono hands shopify-api WHATWG Requests (OAuth, webhooks), which the node adapter cannot read.
import '@shopify/shopify-api/adapters/web-api';
import { serve } from '@hono/node-server';
import { nodeAssets } from './admin/page/assets';
import { createApp } from './app';
import { buildDeps } from './build-deps';
import { systemClock } from './clock';
import { loadConfig } from './config';
import { migrateDatabase, openDatabase } from './db/node';
import { sweepRuns } from './flow/sweep';
import { createLogger } from './log';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger();
  const clock = systemClock;
  const database = await openDatabase(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN, {
    backgroundCheckpoint: true,
    onCheckpointError: (message) => logger.log('error', 'WAL checkpoint failed', { error: message }),
  });
  await migrateDatabase(database.db);

  let apiSecret = config.SHOPIFY_API_SECRET;
  let adminFetch: typeof fetch = fetch;
  let banner: string[] = [];
  let sandboxShop: string | undefined;
  if (config.sandbox) {
    // Imported lazily so that the simulator never loads in production.
    const { startSandbox } = await import('./sandbox/start');
    const sandbox = await startSandbox(database.db, clock);
    apiSecret = sandbox.secret;
    adminFetch = sandbox.fetch;
    banner = sandbox.banner(config.PORT);
    sandboxShop = sandbox.shop;
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
      // Runs that answered 202 keep going; shutdown waits for them before closing the database.
      waitUntil: (promise) => {
        pending.add(promise);
        void promise.finally(() => pending.delete(promise));
      },
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

  const sweep =
    config.SWEEP_INTERVAL_MS > 0
      ? setInterval(() => {
          const job = sweepRuns(deps).catch((error: unknown) =>
            logger.log('error', 'sweep failed', { error: error instanceof Error ? error : String(error) }),
          );
          deps.waitUntil(job);
        }, config.SWEEP_INTERVAL_MS)
      : undefined;

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log('info', 'shutting down', { signal });
    if (sweep) clearInterval(sweep);
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
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
