/** Cloudflare Workers entry: libSQL over HTTP (Turso or sqld), secrets from the environment. */
import '@shopify/shopify-api/adapters/cf-worker';
import { createClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import type { ExecutionContext, Hono } from 'hono';
import { createApp, type AppDeps } from './app';
import { systemClock } from './clock';
import { loadConfig, type Config } from './config';
import * as schema from './db/schema';
import { sweepRuns } from './flow/sweep';
import { createLogger } from './log';
import { createAdminClientFactory } from './shopify/client';

type Env = Record<string, unknown>;

/** The Workers runtime types come from hono (the full workers-types clash with Node's in one tsconfig). */
type ScheduledController = { scheduledTime: number; cron: string };

interface Built {
  app: Hono;
  deps: AppDeps;
}

let built: { key: string; value: Built } | undefined;

/** Builds the app once per isolate and configuration (secrets are stable between requests). */
function build(env: Env): Built {
  const strings = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  const key = JSON.stringify(strings);
  if (built?.key === key) return built.value;
  const config: Config = loadConfig(strings);
  if (!config.SHOPIFY_API_SECRET) {
    throw new Error('SHOPIFY_API_SECRET is not set: run `wrangler secret put SHOPIFY_API_SECRET` (the Worker has no sandbox mode).');
  }
  if (config.DATABASE_URL.startsWith('file:')) {
    throw new Error('DATABASE_URL must be a libsql:// or https:// URL on Workers (e.g. your Turso database).');
  }
  // No concurrency limit: the client is shared by every request of the isolate, and its default
  // limit (20) queues the 21st query and starts it from whichever request frees a slot. Workers
  // forbid a request from using I/O another request started, so under a burst of Flow deliveries
  // those queries failed ("Cannot perform I/O on behalf of a different request") or hung.
  const client = createClient({ url: config.DATABASE_URL, authToken: config.DATABASE_AUTH_TOKEN, concurrency: Infinity });
  const deps: AppDeps = {
    db: drizzle(client, { schema }),
    adminClients: createAdminClientFactory({
      apiVersion: config.SHOPIFY_API_VERSION,
      origin: config.SHOPIFY_ADMIN_API_ORIGIN,
      fetch: (input, init) => fetch(input, init),
      clock: systemClock,
      timeoutMs: config.adminTimeoutMs,
    }),
    clock: systemClock,
    logger: createLogger(),
    secrets: { apiSecret: config.SHOPIFY_API_SECRET, apiKey: config.SHOPIFY_API_KEY },
    appUrl: config.appUrl,
    config: { timeBudgetMs: config.FLOW_TIME_BUDGET_MS, adminBudgetMs: Math.max(0, config.FLOW_TIME_BUDGET_MS - 500), leaseMs: config.RUN_LEASE_MS },
    // Requests use their own ExecutionContext (see flow/routes.ts); nothing else runs in the background.
    waitUntil: () => undefined,
  };
  const value = { app: createApp(deps), deps };
  built = { key, value };
  return value;
}

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
    try {
      return build(env).app.fetch(request, env, ctx);
    } catch (error) {
      console.log(JSON.stringify({ level: 'error', msg: 'worker misconfigured', error: error instanceof Error ? error.message : String(error) }));
      return Response.json({ error: { code: 'misconfigured', message: error instanceof Error ? error.message : 'misconfigured' } }, { status: 500 });
    }
  },

  /** Cron trigger: resume runs whose Flow re-send never came. */
  scheduled(_event: ScheduledController, env: Env, ctx: ExecutionContext): void {
    ctx.waitUntil(sweepRuns(build(env).deps));
  },
};
