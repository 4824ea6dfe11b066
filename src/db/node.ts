/** Node-side database opening and migrations (embedded libSQL file or a remote server). */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import * as schema from './schema';
import type { Database } from './database';

export const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), '../../drizzle');

export interface OpenedDatabase {
  db: Database;
  client: Client;
  close(): void;
}

/** Opens `url` (creating the directory of a `file:` database) and returns drizzle over it. */
export async function openDatabase(url: string, authToken?: string): Promise<OpenedDatabase> {
  const file = filePath(url);
  if (file) mkdirSync(dirname(resolve(file)), { recursive: true });
  // Several writers (server, CLI, sweep) share one file: every pooled connection waits for
  // locks instead of failing at once.
  const client = createClient({ url, authToken, ...(file ? { timeout: 5000 } : {}) });
  if (file) {
    // WAL lets readers run beside the writer, and NORMAL syncs at checkpoints instead of on every
    // commit (still durable against a process crash): each ledger write no longer waits on fsync.
    await client.execute('PRAGMA journal_mode = WAL');
    await client.execute('PRAGMA synchronous = NORMAL');
  }
  const db = drizzle(client, { schema });
  return { db, client, close: () => client.close() };
}

/** Applies the migrations in `drizzle/` that the database has not seen yet. */
export async function migrateDatabase(db: Database): Promise<void> {
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}

function filePath(url: string): string | null {
  if (!url.startsWith('file:')) return null;
  const path = url.slice('file:'.length).split('?')[0] ?? '';
  return path && path !== ':memory:' ? path : null;
}
