/**
 * Several statements in one libSQL batch: one transaction, and over HTTP (Workers → Turso or sqld)
 * one pipeline request, so one round trip however many statements it holds. Unlike drizzle's
 * `db.batch`, it takes the Flow path's prepared queries (src/db/prepared.ts) without building their
 * SQL again, and plain SQL for the statements drizzle's builder cannot express (INSERT … SELECT).
 */
import type { InValue, ResultSet } from '@libsql/client';
import { fillPlaceholders } from 'drizzle-orm';
import type { Database } from './database';

/** What a drizzle prepared query exposes to a batch: its SQL with placeholders, and its row mapping. */
interface PreparedQuery<T> {
  getQuery(): { sql: string; params: unknown[] };
  mapResult(response: unknown, isFromBatch?: boolean): unknown;
  /** Only for the result type: `.all()` / `.get()` of the prepared query. */
  execute(placeholderValues?: Record<string, unknown>): Promise<T>;
}

/** One statement of a batch and how its result is read. */
export type BatchStatement<T = unknown> =
  { prepared: PreparedQuery<T>; values: Record<string, unknown> } | { sql: string; args: InValue[]; read: (result: ResultSet) => T };

/** A prepared query bound to its placeholder values, as a batch statement (its result mapped as `.execute()` would). */
export function bound<T>(prepared: PreparedQuery<T>, values: Record<string, unknown>): BatchStatement<T> {
  return { prepared, values };
}

/** A plain SQL statement whose result is the number of rows it returned (INSERT … RETURNING). */
export function returningCount(sql: string, args: InValue[]): BatchStatement<number> {
  return { sql, args, read: (result) => result.rows.length };
}

type Results<S extends readonly BatchStatement[]> = { [K in keyof S]: S[K] extends BatchStatement<infer T> ? T : never };

/**
 * Runs `statements` in one write transaction (all or nothing) and returns each one's result in
 * order. Throws the driver's error when any statement fails (nothing is then written).
 */
export async function runBatch<const S extends readonly BatchStatement[]>(db: Database, statements: S): Promise<Results<S>> {
  const built = statements.map((s) => {
    if ('sql' in s) return { sql: s.sql, args: s.args };
    const query = s.prepared.getQuery();
    return { sql: query.sql, args: fillPlaceholders(query.params, s.values) as InValue[] };
  });
  const results = await db.$client.batch(built, 'write');
  return statements.map((s, i) => ('sql' in s ? s.read(results[i]!) : s.prepared.mapResult(results[i], true))) as Results<S>;
}
