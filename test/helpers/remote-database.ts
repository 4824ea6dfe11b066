/**
 * The Worker's database path outside workerd: the test-only libSQL HTTP server (production uses
 * Turso or sqld) on a temp file, migrated, with the sandbox shop registered, reached through
 * `@libsql/client/web` and drizzle exactly as src/worker.ts does. Shared by the round-trip tests
 * and the Workers bench section.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import type { Database } from '../../src/db/database';
import { migrateDatabase } from '../../src/db/node';
import * as schema from '../../src/db/schema';
import { registerShop } from '../../src/db/shops';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_SHOP } from '../../src/sandbox/seed';
import { APP_SCOPES } from '../../src/sandbox/simulator/index';
import { startLibsqlHttpServer, type LibsqlHttpServer } from '../fixtures/libsql-http-server';

export interface RemoteDatabase {
  server: LibsqlHttpServer;
  authToken: string;
  /** A drizzle handle over its own `@libsql/client/web` client, configured like the Worker's. */
  db: Database;
  close(): Promise<void>;
}

/**
 * Starts the server, migrates it and registers the sandbox shop (with no delay), then sets
 * `delayMs`. `inMemory`: the server's database in memory, so its own commits (a file's fsync on
 * this machine's shared disk: 10–50 ms) do not blur a delay that stands for the network.
 */
export async function startRemoteDatabase(options: { delayMs?: number; inMemory?: boolean } = {}): Promise<RemoteDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'flowfill-remote-'));
  const authToken = 'remote-database-token';
  const server = await startLibsqlHttpServer({ dbUrl: options.inMemory ? ':memory:' : `file:${join(dir, 'flowfill.db')}`, authToken });
  // As src/worker.ts builds it (no concurrency limit).
  const client: Client = createClient({ url: server.url, authToken, concurrency: Infinity });
  const db: Database = drizzle(client, { schema });
  await migrateDatabase(db);
  await registerShop(db, { shop: SANDBOX_SHOP, accessToken: SANDBOX_ACCESS_TOKEN, scopes: [...APP_SCOPES], now: Date.now() });
  server.requests.length = 0;
  server.delayMs = options.delayMs ?? 0;
  return {
    server,
    authToken,
    db,
    async close() {
      client.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
