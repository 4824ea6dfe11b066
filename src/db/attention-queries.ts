/**
 * The attention queue in SQL: which of a shop's runs need a person (failed, partial with lines
 * left, pending for over an hour, the "needs attention" trigger fired), newest first, and the
 * ledger facts Retry checks. Computed over `runs` on every request: the queue is a view of the
 * ledger, never a second copy of it that could drift.
 */
import { and, desc, eq, getTableColumns, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { ATTENTION_STEP } from '../flow/attention';
import type { Database } from './database';
import { olderThan } from './run-queries';
import { runs, type RunRow, type RunStatus } from './schema';

/** Why a run is in the queue, in the order a run is classified (a failed run that fired the trigger is `failed`). */
export const ATTENTION_KINDS = ['failed', 'partial', 'pending', 'attention'] as const;
export type AttentionKind = (typeof ATTENTION_KINDS)[number];

/** A pending (or crashed, lease expired) run joins the queue once it is this old. */
export const PENDING_ATTENTION_MS = 60 * 60 * 1000;

/** A queue entry's ledger row and why it is there. */
export type AttentionRow = RunRow & { kind: AttentionKind };

const later = alias(runs, 'later');

/** "The same action on the same order": add-tracking runs with another number are other work. */
const trackingNumber = (table: { properties: typeof runs.properties | typeof later.properties }) =>
  sql`coalesce(json_extract(${table.properties}, '$.tracking_number'), '')`;

/**
 * A later run of the same action on the same order has finished: it either settled the order
 * (succeeded, noop) or is the queue's newer entry for it (failed, partial). A retry is such a run.
 */
const superseded = sql`exists (select 1 from ${runs} ${sql.identifier('later')} where ${later.shop} = ${runs.shop} and ${later.orderId} = ${runs.orderId}
  and ${later.handle} = ${runs.handle} and ${later.id} > ${runs.id} and ${later.status} in ('succeeded', 'noop', 'failed')
  and ${trackingNumber(later)} = ${trackingNumber(runs)})`;

/** The queue kind of each row at `now`, or null when it needs nobody (a CASE, so one place says what counts). */
function kindOf(now: number): SQL<AttentionKind | null> {
  const linesLeft = sql`coalesce(json_extract(${runs.responseBody}, '$.return_value.linesLeft'), 0)`;
  const fired = sql`exists (select 1 from json_each(${runs.steps}) where json_extract(value, '$.name') = ${ATTENTION_STEP})`;
  const cutoff = now - PENDING_ATTENTION_MS;
  return sql<AttentionKind | null>`case
    when ${runs.status} = 'failed' then 'failed'
    when ${runs.status} in ('succeeded', 'noop') and ${linesLeft} > 0 then 'partial'
    when (${runs.status} = 'pending' or (${runs.status} = 'running' and ${runs.leaseUntil} < ${now})) and ${runs.createdAt} <= ${cutoff} then 'pending'
    when ${runs.status} in ('succeeded', 'noop') and ${fired} then 'attention'
  end`;
}

export interface AttentionPageOptions {
  now: number;
  status?: RunStatus[];
  kind?: AttentionKind[];
  limit: number;
  /** Only entries older than this run of the shop (the previous page's last id). */
  beforeId?: number;
}

/** A page of a shop's attention queue, newest first. */
export async function listAttentionPage(db: Database, shop: string, options: AttentionPageOptions): Promise<AttentionRow[]> {
  const kind = kindOf(options.now);
  const filters: SQL[] = [eq(runs.shop, shop), sql`${kind} is not null`, sql`not ${superseded}`];
  if (options.status?.length) filters.push(inArray(runs.status, options.status));
  if (options.kind?.length) filters.push(inArray(kind, options.kind));
  if (options.beforeId !== undefined) {
    const older = await olderThan(db, shop, options.beforeId);
    if (!older) return [];
    filters.push(older);
  }
  const rows = await db
    .select({ ...getTableColumns(runs), kind })
    .from(runs)
    .where(and(...filters))
    .orderBy(desc(runs.createdAt), desc(runs.id))
    .limit(options.limit);
  return rows as AttentionRow[];
}

/** The shop's run `id` with its queue kind at `now`; kind null when it is not in the queue (or was superseded). */
export async function getAttentionRun(
  db: Database,
  shop: string,
  id: number,
  now: number,
): Promise<(RunRow & { kind: AttentionKind | null }) | undefined> {
  const mine = and(eq(runs.shop, shop), eq(runs.id, id));
  // The superseded test stays in WHERE, where drizzle qualifies every column (the select list does not).
  const [rows, open] = await Promise.all([
    db
      .select({ ...getTableColumns(runs), kind: kindOf(now) })
      .from(runs)
      .where(mine)
      .limit(1),
    db
      .select({ id: runs.id })
      .from(runs)
      .where(and(mine, sql`not ${superseded}`))
      .limit(1),
  ]);
  const row = rows[0] as (RunRow & { kind: AttentionKind | null }) | undefined;
  if (!row) return undefined;
  return open.length > 0 ? row : { ...row, kind: null };
}

/**
 * Runs of `handle` on the order that are unfinished (running or pending) other than `exceptActionRunId`:
 * a retry next to one of them would work on the order twice at once.
 */
export async function unfinishedRunsOnOrder(
  db: Database,
  shop: string,
  handle: string,
  orderId: string,
  exceptActionRunId: string,
): Promise<RunRow[]> {
  return db
    .select()
    .from(runs)
    .where(
      and(
        eq(runs.shop, shop),
        eq(runs.orderId, orderId),
        eq(runs.handle, handle),
        or(eq(runs.status, 'running'), eq(runs.status, 'pending')),
        ne(runs.actionRunId, exceptActionRunId),
      ),
    )
    .orderBy(desc(runs.id))
    .limit(5);
}
