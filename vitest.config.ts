import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import type {} from './test/workers/context'; // types inject('flowfill')

// Nothing may phone home: wrangler sends metrics and fetches Cloudflare's
// request.cf data unless told not to (a 3 s timeout and a warning offline).
process.env.WRANGLER_SEND_METRICS ??= 'false';
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= 'false';

export default defineConfig({
  test: {
    // The Worker logs one JSON line per request: in the workers project keep its warnings and
    // errors, drop the info lines (a burst test would print dozens).
    onConsoleLog: (log, _type, entity) => !(entity?.project.name === 'workers' && log.includes('"level":"info"')),
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/workers/**', 'node_modules/**'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The real Worker (wrangler.toml's main, src/worker.ts) inside workerd, with its
        // database over libSQL's HTTP protocol and the Admin API simulator, both served
        // from Node by the global setup.
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: './wrangler.toml' },
            // Called after the global setup: the servers' URLs and secrets become env bindings.
            miniflare: { bindings: inject('flowfill').bindings },
          })),
        ],
        test: {
          name: 'workers',
          include: ['test/workers/**/*.test.ts'],
          globalSetup: ['test/workers/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
