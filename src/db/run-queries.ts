/** Read-only ledger queries for the admin page: a shop's runs page by page, one run, and the overview figures. */
import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from './database';
import { runs, type RunRow, type RunStatus } from './schema';

export interface RunPageOptions {
  status?: RunStatus[];
  limit: number;
  /** Only runs older than this run of the same shop (the previous page's last id). */
  beforeId?: number;
}

/** A page of a shop's runs, newest first; `before` is a cursor that names a run of that shop. */
export async function listRunPage(db: Database, shop: string, options: RunPageOptions): Promise<RunRow[]> {
  const filters = [eq(runs.shop, shop)];
  if (options.status?.length) filters.push(inArray(runs.status, options.status));
  if (options.beforeId !== undefined) {
    const older = await olderThan(db, shop, options.beforeId);
    if (!older) return [];
    filters.push(older);
  }
  return db
    .select()
    .from(runs)
    .where(and(...filters))
    .orderBy(desc(runs.createdAt), desc(runs.id))
    .limit(options.limit);
}

/**
 * The page cursor: runs of `shop` older than its run `beforeId` in newest-first order (created_at,
 * then id); undefined when the shop has no such run (the page is empty).
 */
export async function olderThan(db: Database, shop: string, beforeId: number): Promise<SQL | undefined> {
  const cursor = await db
    .select({ id: runs.id, createdAt: runs.createdAt })
    .from(runs)
    .where(and(eq(runs.shop, shop), eq(runs.id, beforeId)))
    .limit(1);
  const at = cursor[0];
  if (!at) return undefined;
  return or(lt(runs.createdAt, at.createdAt), and(eq(runs.createdAt, at.createdAt), lt(runs.id, at.id)))!;
}

/** One run by its ledger id, only if it belongs to `shop`. */
export async function getShopRun(db: Database, shop: string, id: number): Promise<RunRow | undefined> {
  const rows = await db
    .select()
    .from(runs)
    .where(and(eq(runs.shop, shop), eq(runs.id, id)))
    .limit(1);
  return rows[0];
}

export interface OverviewFigures {
  /** Runs per UTC day (ms since epoch / 86 400 000) and status. */
  perDay: { day: number; status: RunStatus; count: number }[];
  /** Failed runs per error code, most frequent first, with the latest message of each. */
  failures: { code: string | null; count: number; message: string | null }[];
  runs: number;
  adminCalls: number;
  /** Best-location runs that created at least one fulfillment, and those that created more than one. */
  bestLocationFulfilled: number;
  bestLocationSplit: number;
}

/** Aggregates a shop's runs created at or after `since` (ms), in SQL: the window can hold many runs. */
export async function overviewFigures(db: Database, shop: string, since: number, topFailures = 5): Promise<OverviewFigures> {
  const window = and(eq(runs.shop, shop), gte(runs.createdAt, since));
  const day = sql<number>`cast(${runs.createdAt} / 86400000 as integer)`;
  const fulfilments = sql`json_array_length(${runs.responseBody}, '$.return_value.fulfillmentIds')`;
  const [perDay, failures, totals] = await Promise.all([
    db
      .select({ day, status: runs.status, count: sql<number>`count(*)` })
      .from(runs)
      .where(window)
      .groupBy(day, runs.status)
      .orderBy(day),
    // SQLite returns the bare column error_message from the row that holds max(id): the latest message.
    db
      .select({ code: runs.errorCode, count: sql<number>`count(*)`, latest: sql<number>`max(${runs.id})`, message: runs.errorMessage })
      .from(runs)
      .where(and(window, eq(runs.status, 'failed')))
      .groupBy(runs.errorCode)
      .orderBy(desc(sql`count(*)`), runs.errorCode)
      .limit(topFailures),
    db
      .select({
        runs: sql<number>`count(*)`,
        adminCalls: sql<number>`coalesce(sum(${runs.adminCallCount}), 0)`,
        fulfilled: sql<number>`coalesce(sum(case when ${runs.handle} = 'fulfill-from-best-location' and ${fulfilments} >= 1 then 1 else 0 end), 0)`,
        split: sql<number>`coalesce(sum(case when ${runs.handle} = 'fulfill-from-best-location' and ${fulfilments} > 1 then 1 else 0 end), 0)`,
      })
      .from(runs)
      .where(window),
  ]);
  const total = totals[0];
  return {
    perDay: perDay.map((r) => ({ day: Number(r.day), status: r.status, count: Number(r.count) })),
    failures: failures.map((r) => ({ code: r.code, count: Number(r.count), message: r.message })),
    runs: Number(total?.runs ?? 0),
    adminCalls: Number(total?.adminCalls ?? 0),
    bestLocationFulfilled: Number(total?.fulfilled ?? 0),
    bestLocationSplit: Number(total?.split ?? 0),
  };
}
