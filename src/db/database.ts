/** The database handle type shared by the Node and Worker entries. */
import type { Client } from '@libsql/client';
import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import type * as schema from './schema';

/** drizzle over a libSQL client; `$client` runs the Flow path's batches (src/db/batch.ts). */
export type Database = LibSQLDatabase<typeof schema> & { $client: Client };
