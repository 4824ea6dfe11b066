/** Node-side database opening and migrations (embedded libSQL file or a remote server). */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from '@libsql/client';
import { FALLBACK_AUTOCHECKPOINT_PAGES, startCheckpointer } from './checkpointer';
import { createEmbeddedClient } from './embedded-client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import * as schema from './schema';
import type { Database } from './database';

export const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), '../../drizzle');

export interface OpenedDatabase {
  db: Database;
  client: Client;
  /** Closes the client and, for a server's file, ends the checkpoint thread (after a last checkpoint). */
  close(): Promise<void>;
}

export interface OpenOptions {
  /**
   * Checkpoint a file database's WAL from a worker thread instead of inside commits (for a
   * long-running server; a short CLI command does not need the thread). `'elsewhere'`: another
   * process on the same file runs that thread (a cluster's primary, see src/cluster.ts), so this
   * one starts none and keeps only the fallback threshold: one checkpointer per file is enough,
   * and N of them would contend for the same WAL.
   */
  backgroundCheckpoint?: boolean | 'elsewhere';
  /** Where the checkpointer reports a failure. */
  onCheckpointError?: (message: string) => void;
  /**
   * A file's client: flowfill's statement-caching one (default) or @libsql/client's own file
   * driver (the benchmark compares them; see src/db/embedded-client.ts).
   */
  fileDriver?: 'embedded' | 'library';
}

/** Opens `url` (creating the directory of a `file:` database) and returns drizzle over it. */
export async function openDatabase(url: string, authToken?: string, options: OpenOptions = {}): Promise<OpenedDatabase> {
  const file = filePath(url);
  if (file) mkdirSync(dirname(resolve(file)), { recursive: true });
  // Several writers (server, CLI, sweep) share one file: every connection to it waits for locks
  // instead of failing at once. WAL lets readers run beside the writer, and NORMAL syncs at
  // checkpoints instead of on every commit (still durable against a process crash), so a ledger
  // write does not wait on fsync. A file gets the statement-caching client.
  const background = file !== null && (options.backgroundCheckpoint === true || options.backgroundCheckpoint === 'elsewhere');
  // A 32 MiB page cache and memory-mapped reads: analytics read thousands of ledger rows spread
  // over the file, which the default 2 MiB cache would fetch from the OS page by page.
  const pragmas = [
    'journal_mode = WAL',
    'synchronous = NORMAL',
    'cache_size = -32768',
    'mmap_size = 268435456',
    ...(background ? [`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`] : []),
  ];
  const client = !file
    ? createClient({ url, authToken })
    : options.fileDriver === 'library'
      ? await libraryFileClient(url, pragmas)
      : createEmbeddedClient(file, { timeout: 5000, pragmas });
  const checkpointer =
    background && options.backgroundCheckpoint === true ? startCheckpointer(file, { onError: options.onCheckpointError }) : null;
  const db = drizzle(client, { schema });
  return {
    db,
    client,
    close: async () => {
      client.close();
      // Waited for: a thread cut off inside libSQL's native code aborts the whole process.
      await checkpointer?.stop();
    },
  };
}

/** @libsql/client's own file driver with the same PRAGMAs (it applies them per connection it opens). */
async function libraryFileClient(url: string, pragmas: string[]): Promise<Client> {
  const client = createClient({ url, timeout: 5000 });
  for (const pragma of pragmas) await client.execute(`PRAGMA ${pragma}`);
  return client;
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
