/** Cloudflare Workers entry: libSQL over HTTP (Turso or sqld), secrets from the environment. */
import '@shopify/shopify-api/adapters/cf-worker';
// The module form of workers-types: src/ is checked against the DOM lib (tsconfig.json), and the
// global form would clash with it.
import type { ExportedHandler, Response as WorkerResponse } from '@cloudflare/workers-types/index.js';
import { createClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import type { Hono } from 'hono';
import { createApp } from './app';
import { buildDeps } from './build-deps';
import { systemClock } from './clock';
import { loadConfig, type Config } from './config';
import * as schema from './db/schema';
import type { AppDeps } from './deps';
import { sweepRuns } from './flow/sweep';
import { errorBody } from './http/error-body';
import { createLogger } from './log';
import type { WorkerEnv as Env } from './worker-env';

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
  const deps = buildDeps(config, {
    db: drizzle(client, { schema }),
    // Called through a closure: Workers' fetch throws "Illegal invocation" when called unbound.
    adminFetch: (input, init) => fetch(input, init),
    clock: systemClock,
    logger: createLogger(),
    // Flow requests keep their work alive through their own ExecutionContext (http/wait-until.ts),
    // and the cron handler through its own; nothing else runs in the background here.
    waitUntil: () => undefined,
  });
  const value = { app: createApp(deps), deps };
  built = { key, value };
  return value;
}

// Workers' Request and Response are the DOM's at run time; only the two type libraries differ.
export default {
  fetch(request, env, ctx) {
    try {
      return build(env).app.fetch(request as unknown as Request, env, ctx) as unknown as WorkerResponse | Promise<WorkerResponse>;
    } catch (error) {
      console.log(
        JSON.stringify({ level: 'error', msg: 'worker misconfigured', error: error instanceof Error ? error.message : String(error) }),
      );
      return Response.json(errorBody('misconfigured', error instanceof Error ? error.message : 'misconfigured'), {
        status: 500,
      }) as unknown as WorkerResponse;
    }
  },

  /** Cron trigger: resume runs whose Flow re-send never came. */
  scheduled(_controller, env, ctx) {
    ctx.waitUntil(sweepRuns(build(env).deps));
  },
} satisfies ExportedHandler<Env>;
