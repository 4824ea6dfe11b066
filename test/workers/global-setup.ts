// Node-side setup of the workers project: everything the Worker talks to over
// the network runs here, in the vitest process, on loopback.
//   - the test-only libSQL HTTP server (production uses Turso or sqld) on a temp
//     file database with an auth token, migrated with the app's drizzle/ folder
//     and with the sandbox shop registered, all through `@libsql/client/web`;
//   - the seeded Admin API simulator, and a control server for its call log.
// Their URLs and the secrets reach the Worker's env through `project.provide`
// and the cloudflareTest() options function (see vitest.config.ts).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import type { TestProject } from 'vitest/node';
import { migrateDatabase } from '../../src/db/node';
import * as schema from '../../src/db/schema';
import { registerShop } from '../../src/db/shops';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_SHOP, seedSandbox } from '../../src/sandbox/seed';
import { APP_SCOPES, createSimulator, serveSimulator } from '../../src/sandbox/simulator/index';
import { startLibsqlHttpServer } from '../fixtures/libsql-http-server';
import { startControlServer } from './control-server';
import type { WorkersTestContext } from './context';

/** Starts the servers, provides their URLs, and returns the teardown. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'flowfill-workers-'));
  const closers: (() => Promise<void> | void)[] = [() => rmSync(dir, { recursive: true, force: true })];
  const teardown = async () => {
    for (const close of closers.reverse()) await close();
  };
  try {
    const databaseAuthToken = randomBytes(16).toString('hex');
    const database = await startLibsqlHttpServer({ dbUrl: `file:${join(dir, 'flowfill.db')}`, authToken: databaseAuthToken });
    closers.push(() => database.close());

    const client = createClient({ url: database.url, authToken: databaseAuthToken });
    try {
      const db = drizzle(client, { schema });
      await migrateDatabase(db);
      await registerShop(db, { shop: SANDBOX_SHOP, accessToken: SANDBOX_ACCESS_TOKEN, scopes: [...APP_SCOPES], now: Date.now() });
    } finally {
      client.close();
    }

    const sim = createSimulator();
    seedSandbox(sim);
    const simulator = await serveSimulator(sim);
    closers.push(() => simulator.close());
    const control = await startControlServer(sim);
    closers.push(() => control.close());

    const apiSecret = randomBytes(24).toString('base64url');
    const context: WorkersTestContext = {
      bindings: {
        DATABASE_URL: database.url,
        DATABASE_AUTH_TOKEN: databaseAuthToken,
        SHOPIFY_API_SECRET: apiSecret,
        SHOPIFY_ADMIN_API_ORIGIN: simulator.url,
        // Generous: the first request of an isolate also connects to the database.
        FLOW_TIME_BUDGET_MS: '8000',
        // Longer than the whole burst test, so no delivery takes over a live run.
        RUN_LEASE_MS: '60000',
      },
      databaseUrl: database.url,
      databaseAuthToken,
      apiSecret,
      simulatorUrl: simulator.url,
      controlUrl: control.url,
    };
    project.provide('flowfill', context);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
