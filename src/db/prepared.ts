/**
 * Drizzle prepared queries, built once per database handle. Building a query's SQL (drizzle's
 * entity checks and SQL chunks) cost more than running it on an embedded file — profiled at about
 * 0.2–0.5 ms per ledger statement — so the statements every Flow request makes are prepared once
 * and then only bound to new values.
 */
import { sql, type Placeholder } from 'drizzle-orm';
import type { Database } from './database';

const byDatabase = new WeakMap<Database, Map<string, unknown>>();

/** The prepared query `key` of `db`, built by `build` the first time it is asked for. */
export function prepared<T>(db: Database, key: string, build: () => T): T {
  let queries = byDatabase.get(db);
  if (!queries) byDatabase.set(db, (queries = new Map()));
  let query = queries.get(key) as T | undefined;
  if (query === undefined) queries.set(key, (query = build()));
  return query;
}

/** A named placeholder, typed as the column value it stands for (drizzle encodes it like one). */
export function placeholder<T>(name: string): T {
  return sql.placeholder(name) as Placeholder as unknown as T;
}
