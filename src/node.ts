/** Node entry: @hono/node-server over an embedded libSQL file; sandbox store when no Shopify credentials. */
// web-api, not node: Hono hands shopify-api WHATWG Requests (OAuth, webhooks), which the node adapter cannot read.
import '@shopify/shopify-api/adapters/web-api';
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { runPrimary } from './cluster';
import { loadConfig } from './config';
import { runServer } from './server';

async function main(): Promise<void> {
  const config = loadConfig(process.env, { cores: availableParallelism() });
  // A forked worker is this same script; FLOWFILL_WORKERS = 1 keeps the single process of before.
  if (cluster.isWorker) await runServer(config, { worker: cluster.worker!.id });
  else if (config.workers > 1) await runPrimary(config);
  else await runServer(config);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
