/** The database handle type shared by the Node and Worker entries. */
import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import type * as schema from './schema';

export type Database = LibSQLDatabase<typeof schema>;
