/**
 * The analytics figures of one shop over a range of finished runs, each one SQL statement over the
 * indexed fact columns (runs_shop_finished_at, run_locations_shop_at, runs_shop_order_handle): the runs
 * are aggregated by SQLite, never loaded into JavaScript. Sums and counts come from the daily
 * roll-ups (analytics-rollups.ts) when they can answer; percentiles read values in index order.
 */
import { sql, type SQL } from 'drizzle-orm';
import {
  leadDayCountsFromDays,
  locationSharesFromDays,
  periodCountsFromDays,
  rollupsServe,
  ruleGroupsFromDays,
  shippedLeadCountsFromDays,
  shopLeadCountFromDays,
} from './analytics-rollups';
import type { Database } from './database';

/** Which finished runs: [from, to) in ms, optionally one action and runs that touched one location. */
export interface AnalyticsRange {
  shop: string;
  from: number;
  to: number;
  action?: string;
  location?: string;
}

const DAY_MS = 86_400_000;

/** The WHERE of the range over `runs` aliased `r` (the shop and finished_at lead, as the index does). */
function rangeWhere(range: AnalyticsRange): SQL {
  return runFilters(range, sql`r.finished_at >= ${range.from} and r.finished_at < ${range.to}`);
}

/** The shop, `when` (which finished runs), and the range's action and location filters, over `runs` aliased `r`. */
function runFilters(range: AnalyticsRange, when: SQL): SQL {
  const parts: SQL[] = [sql`r.shop = ${range.shop}`, when];
  if (range.action) parts.push(sql`r.handle = ${range.action}`);
  if (range.location) parts.push(sql`r.id in (${locationRunIds(range)})`);
  return sql.join(parts, sql` and `);
}

/** The ids of the range's runs that shipped from, or moved units out of or into, the range's location. */
function locationRunIds(range: AnalyticsRange): SQL {
  return sql`select m.run_id from run_locations m where m.shop = ${range.shop} and m.at >= ${range.from} and m.at < ${range.to} and m.location_id = ${range.location}`;
}

const num = (v: unknown): number => Number(v ?? 0);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** The median and 90th percentile of a set: the values at those ranks (nearest rank), in SQL. */
export interface Percentiles {
  count: number;
  median: number | null;
  p90: number | null;
}

/** A run's UTC day, written exactly as in the index runs_shop_day_lead (SQLite matches index expressions by their text). */
const RUN_DAY = sql.raw(`cast(r.finished_at / ${DAY_MS} as integer)`);

/** The nearest-rank offsets of the median and the 90th percentile among `n` values. */
const ranks = (n: number) => [Math.floor(0.5 * (n - 1)), Math.floor(0.9 * (n - 1))] as const;

/** Groups of at most this many k-th-value reads per statement (two per group: median and p90). */
const KTH_CHUNK = 200;

/**
 * The k-th values of groups, in SQL: `kth(group, offset)` is a scalar subquery reading the value at
 * `offset` in index order (`order by … limit 1 offset k`), so nothing is sorted. SQLite refuses a
 * correlated OFFSET, so the offsets come from a first statement's counts, as literals.
 */
async function kthValues<G>(db: Database, groups: readonly G[], count: (g: G) => number, kth: (g: G, offset: number) => SQL) {
  const out: { median: number | null; p90: number | null }[] = [];
  for (let i = 0; i < groups.length; i += KTH_CHUNK) {
    const chunk = groups.slice(i, i + KTH_CHUNK);
    const columns = chunk.flatMap((g, c) => {
      const [m, p] = ranks(count(g));
      return [sql`(${kth(g, m)}) as ${sql.raw(`m${c}`)}`, sql`(${kth(g, p)}) as ${sql.raw(`p${c}`)}`];
    });
    const [row] = await db.all<Record<string, unknown>>(sql`select ${sql.join(columns, sql`, `)}`);
    chunk.forEach((_, c) => out.push({ median: numOrNull(row?.[`m${c}`]), p90: numOrNull(row?.[`p${c}`]) }));
  }
  return out;
}

/** The range's filters with its days as the index writes them (ranges are whole UTC days). */
function dayRangeWhere(range: AnalyticsRange): SQL {
  return runFilters(range, sql`${RUN_DAY} >= ${Math.floor(range.from / DAY_MS)} and ${RUN_DAY} < ${Math.ceil(range.to / DAY_MS)}`);
}

/** The range's filters for one UTC day, by equality on the indexed day expression. */
function dayFilters(range: AnalyticsRange, day: number): SQL {
  return runFilters({ ...range, from: day * DAY_MS, to: (day + 1) * DAY_MS }, sql`${RUN_DAY} = ${day}`);
}

/** Above this share of the shop's fulfilled runs in the range, the percentiles are read in index order rather than sorted. */
const INDEX_WALK_SHARE = 0.2;

type DayCount = { day: number; count: number };
type Kth = { median: number | null; p90: number | null };

/**
 * The median and p90 of the range's lead times, read at their offsets: in index order (runs_shop_lead)
 * when the range holds a large share of the shop's, else after SQLite sorts the range's values.
 */
async function overallLead(db: Database, range: AnalyticsRange, total: number, shopTotal: number): Promise<Kth> {
  if (total === 0) return { median: null, p90: null };
  const where = sql`${rangeWhere(range)} and r.lead_time_ms is not null`;
  // INDEXED BY: left to itself, SQLite takes the finished_at index and sorts.
  const from = total >= INDEX_WALK_SHARE * shopTotal ? sql`runs r indexed by runs_shop_lead` : sql`runs r`;
  const [kth] = await kthValues(
    db,
    [total],
    (n) => n,
    (_, k) => sql`select r.lead_time_ms from ${from} where ${where} order by r.lead_time_ms limit 1 offset ${k}`,
  );
  return kth!;
}

/** Per-day percentiles read at their offsets in index order (runs_shop_day_lead: one day by equality, so no sort). */
function perDayLead(db: Database, range: AnalyticsRange, days: DayCount[]): Promise<Kth[]> {
  return kthValues(
    db,
    days,
    (d) => d.count,
    (d, k) =>
      sql`select r.lead_time_ms from runs r where ${dayFilters(range, d.day)} and r.lead_time_ms is not null order by r.lead_time_ms limit 1 offset ${k}`,
  );
}

/** Overall and per-day percentiles by window functions over the range, one statement (a sort of the range's values). */
async function sortedPercentiles(db: Database, range: AnalyticsRange, days: DayCount[]): Promise<{ overall: Kth; perDay: Kth[] }> {
  const rows = await db.all<{ k: number | null; median: number | null; p90: number | null }>(sql`
    with base as materialized (
      select r.lead_time_ms as v, ${RUN_DAY} as day from runs r where ${rangeWhere(range)} and r.lead_time_ms is not null
    ),
    ranked as (
      select day as k, v, row_number() over (partition by day order by v) as rn, count(*) over (partition by day) as cnt from base
      union all
      select null as k, v, row_number() over (order by v) as rn, count(*) over () as cnt from base
    )
    select k, max(case when rn = cast(0.5 * (cnt - 1) as integer) + 1 then v end) as median,
      max(case when rn = cast(0.9 * (cnt - 1) as integer) + 1 then v end) as p90
    from ranked group by k`);
  const of = (row: (typeof rows)[number] | undefined): Kth => ({ median: numOrNull(row?.median), p90: numOrNull(row?.p90) });
  return { overall: of(rows.find((r) => r.k === null)), perDay: days.map((d) => of(rows.find((r) => r.k !== null && num(r.k) === d.day))) };
}

/**
 * Lead time (order placed → fulfilled by flowfill) over runs that fulfilled: overall, per UTC day
 * and per location shipped from (run_locations repeats the lead time, so no join). Exact
 * nearest-rank median and p90: read in index order after counting (run_locations_lead; and
 * runs_shop_lead, runs_shop_day_lead when the range is a large share of the shop), else sorted.
 */
export async function leadTimes(db: Database, range: AnalyticsRange) {
  const rolled = rollupsServe(range);
  const days = (
    await db.all<{ d: number; n: number }>(
      rolled
        ? leadDayCountsFromDays(range)
        : sql`select ${RUN_DAY} as d, count(*) as n from runs r
          where ${dayRangeWhere(range)} and r.lead_time_ms is not null group by d order by d`,
    )
  ).map((r) => ({ day: num(r.d), count: num(r.n) }));
  const total = days.reduce((n, d) => n + d.count, 0);
  const shopTotal = await shopLeadCount(db, range.shop);
  // Reading the k-th value walks the shop's index; for a small share of the shop, sorting the range costs less.
  const { overall, perDay } =
    total >= INDEX_WALK_SHARE * shopTotal
      ? { overall: await overallLead(db, range, total, shopTotal), perDay: await perDayLead(db, range, days) }
      : await sortedPercentiles(db, range, days);
  const shipped = sql`${locationWhere(range)} and l.role = 'shipped' and l.lead_time_ms is not null`;
  const locations = (
    await db.all<{ k: string; name: string; n: number }>(
      rolled
        ? shippedLeadCountsFromDays(range)
        : sql`select l.location_id as k, max(l.location_name) as name, count(*) as n from run_locations l
          where ${shipped} group by l.location_id order by n desc, l.location_id`,
    )
  ).map((r) => ({ locationId: String(r.k), name: String(r.name), count: num(r.n) }));
  const perLocation = await kthValues(
    db,
    locations,
    (l) => l.count,
    (l, k) =>
      sql`select l.lead_time_ms from run_locations l where ${shipped} and l.location_id = ${l.locationId} order by l.lead_time_ms limit 1 offset ${k}`,
  );
  return {
    overall: { count: total, median: overall.median, p90: overall.p90 } satisfies Percentiles,
    byDay: days.map((d, i) => ({ day: d.day, count: d.count, ...perDay[i]! })),
    byLocation: locations.map((l, i) => ({ ...l, ...perLocation[i]! })),
  };
}

/** The shop's runs with a lead time, over all its days (the share a range holds decides how percentiles are read). */
async function shopLeadCount(db: Database, shop: string): Promise<number> {
  const [row] = await db.all<{ n: number }>(shopLeadCountFromDays(shop));
  return num(row?.n);
}

/** The previous period's headline figures: runs, fulfilling and split runs, the median lead time. */
export async function periodHeadline(db: Database, range: AnalyticsRange) {
  if (rollupsServe(range)) {
    const [counts] = await db.all<{ runs: number; fulfilled: number; split: number; led: number }>(periodCountsFromDays(range));
    const { median } = await overallLead(db, range, num(counts?.led), await shopLeadCount(db, range.shop));
    return { runs: num(counts?.runs), fulfilled: num(counts?.fulfilled), split: num(counts?.split), medianLeadTimeMs: median };
  }
  const [row] = await db.all<{ runs: number; fulfilled: number; split: number; median: number | null }>(sql`
    with base as materialized (select r.lead_time_ms as v, r.fulfillment_count as parcels from runs r where ${rangeWhere(range)}),
    led as (select v from base where v is not null)
    select (select count(*) from base) as runs, (select count(*) from base where parcels >= 1) as fulfilled,
      (select count(*) from base where parcels > 1) as split,
      (select v from led order by v limit 1 offset (select cast(0.5 * (count(*) - 1) as integer) from led)) as median`);
  return { runs: num(row?.runs), fulfilled: num(row?.fulfilled), split: num(row?.split), medianLeadTimeMs: numOrNull(row?.median) };
}

/** The WHERE of the range over `run_locations` aliased `l` (its own shop/at index; the action and location filters as for runs). */
function locationWhere(range: AnalyticsRange): SQL {
  const parts: SQL[] = [sql`l.shop = ${range.shop}`, sql`l.at >= ${range.from}`, sql`l.at < ${range.to}`];
  if (range.action) parts.push(sql`l.handle = ${range.action}`);
  if (range.location) parts.push(sql`l.run_id in (${locationRunIds(range)})`);
  return sql.join(parts, sql` and `);
}

/** Per location: runs and units shipped from it, the median distance shipped, and units moved out and in. */
export async function locationShares(db: Database, range: AnalyticsRange) {
  const rows = await db.all<{
    id: string;
    name: string;
    orders: number;
    units: number;
    km: number | null;
    moves_out: number;
    units_out: number;
    moves_in: number;
    units_in: number;
  }>(
    rollupsServe(range)
      ? locationSharesFromDays(range)
      : sql`
    select l.location_id as id, max(l.location_name) as name,
      count(distinct case when l.role = 'shipped' then l.run_id end) as orders,
      coalesce(sum(case when l.role = 'shipped' then l.units end), 0) as units,
      avg(case when l.role = 'shipped' then l.distance_km end) as km,
      sum(case when l.role = 'moved_out' then 1 else 0 end) as moves_out,
      coalesce(sum(case when l.role = 'moved_out' then l.units end), 0) as units_out,
      sum(case when l.role = 'moved_in' then 1 else 0 end) as moves_in,
      coalesce(sum(case when l.role = 'moved_in' then l.units end), 0) as units_in
    from run_locations l where ${locationWhere(range)}
    group by l.location_id order by orders desc, units desc, l.location_id`,
  );
  return rows.map((r) => ({
    locationId: String(r.id),
    name: String(r.name),
    orders: num(r.orders),
    units: num(r.units),
    averageDistanceKm: r.km === null ? null : Math.round(Number(r.km)),
    movesOut: num(r.moves_out),
    unitsMovedOut: num(r.units_out),
    movesIn: num(r.moves_in),
    unitsMovedIn: num(r.units_in),
  }));
}

/**
 * Totals over the range (outcomes, fulfilling runs, splits and extra parcels, partial runs,
 * notifications, Admin API points), summed from its per-rule groups: one statement serves both.
 */
export function totalsOf(groups: readonly RuleGroup[]) {
  const sum = (key: keyof RuleGroup) => groups.reduce((n, g) => n + (g[key] as number), 0);
  return {
    runs: sum('runs'),
    succeeded: sum('succeeded'),
    noop: sum('noop'),
    failed: sum('failed'),
    fulfilled: sum('fulfilled'),
    split: sum('split'),
    extraParcels: sum('extraParcels'),
    units: sum('units'),
    partial: sum('partial'),
    notified: sum('notified'),
    notNotified: sum('notNotified'),
    actualCost: sum('actualCost'),
    requestedCost: sum('requestedCost'),
    adminCalls: sum('adminCalls'),
    moved: sum('moved'),
  };
}

/**
 * Partial runs and how long their lines stayed open: until a later run of the same action on the
 * same order left no line open (null: still open at the end of the range).
 */
export async function openLines(db: Database, range: AnalyticsRange) {
  const rows = await db.all<{ n: number; closed: number; median: number | null; p90: number | null }>(sql`
    with partial as (
      select r.id, r.finished_at as at,
        (select min(n.finished_at) from runs n
          where n.shop = r.shop and n.order_id = r.order_id and n.handle = r.handle and n.finished_at > r.finished_at and n.finished_at < ${range.to}
            and n.lines_left = 0) as closed_at
      from runs r where ${rangeWhere(range)} and r.lines_left > 0 and r.fulfillment_count >= 1
    ),
    ranked as (
      select closed_at - at as v, row_number() over (order by closed_at - at) as rn, count(*) over () as cnt
      from partial where closed_at is not null
    )
    select (select count(*) from partial) as n, (select count(*) from ranked) as closed,
      (select v from ranked where rn = cast(0.5 * (cnt - 1) as integer) + 1) as median,
      (select v from ranked where rn = cast(0.9 * (cnt - 1) as integer) + 1) as p90`);
  const r = rows[0];
  return { partialRuns: num(r?.n), closedLater: num(r?.closed), openMedianMs: numOrNull(r?.median), openP90Ms: numOrNull(r?.p90) };
}

/** Runs that waited (a 202 first), by the first reason: how many, median and longest wait. */
export async function pendingWaits(db: Database, range: AnalyticsRange) {
  const rows = await db.all<{ reason: string; n: number; median: number | null; longest: number | null }>(sql`
    with ranked as (
      select r.pending_reason as reason, r.pending_ms as v,
        row_number() over (partition by r.pending_reason order by r.pending_ms) as rn,
        count(*) over (partition by r.pending_reason) as cnt
      from runs r where ${rangeWhere(range)} and r.pending_ms is not null and r.pending_reason is not null
    )
    select reason, count(*) as n, max(case when rn = cast(0.5 * (cnt - 1) as integer) + 1 then v end) as median, max(v) as longest
    from ranked group by reason order by n desc, reason`);
  return rows.map((r) => ({ reason: String(r.reason), runs: num(r.n), medianMs: numOrNull(r.median), longestMs: numOrNull(r.longest) }));
}

/** One action, rule and version over the range: its outcomes and figures, and when it was first and last used. */
export interface RuleGroup {
  action: string;
  rule: string | null;
  version: number | null;
  runs: number;
  succeeded: number;
  noop: number;
  failed: number;
  pending: number;
  fulfilled: number;
  split: number;
  extraParcels: number;
  units: number;
  partial: number;
  notified: number;
  notNotified: number;
  actualCost: number;
  requestedCost: number;
  adminCalls: number;
  moved: number;
  averageLeadTimeMs: number | null;
  firstAt: number;
  lastAt: number;
}

/** Outcomes and figures per action, rule and version (before vs after a rule change), in one pass over the range. */
export async function ruleGroups(db: Database, range: AnalyticsRange): Promise<RuleGroup[]> {
  const rows = await db.all<Record<string, unknown>>(
    rollupsServe(range)
      ? ruleGroupsFromDays(range)
      : sql`
    select r.handle as handle, r.rule_name as rule, r.rule_version as version, count(*) as runs,
      sum(r.status = 'succeeded') as succeeded, sum(r.status = 'noop') as noop, sum(r.status = 'failed') as failed,
      sum(r.status = 'pending') as pending,
      sum(r.fulfillment_count >= 1) as fulfilled, sum(r.fulfillment_count > 1) as split,
      coalesce(sum(case when r.fulfillment_count > 1 then r.fulfillment_count - 1 end), 0) as extra_parcels,
      coalesce(sum(r.units_fulfilled), 0) as units, sum(r.lines_left > 0 and r.fulfillment_count >= 1) as partial,
      sum(r.notified = 1) as notified, sum(r.notified = 0) as not_notified,
      coalesce(sum(r.admin_actual_cost), 0) as actual_cost, coalesce(sum(r.admin_requested_cost), 0) as requested_cost,
      coalesce(sum(r.admin_call_count), 0) as admin_calls, sum(r.move_count > 0) as moved,
      avg(r.lead_time_ms) as lead, min(r.finished_at) as first, max(r.finished_at) as last
    from runs r where ${rangeWhere(range)}
    group by r.handle, r.rule_name, r.rule_version order by r.handle, r.rule_name, r.rule_version`,
  );
  return rows.map((r) => ({
    action: String(r.handle),
    rule: r.rule === null ? null : String(r.rule),
    version: numOrNull(r.version),
    runs: num(r.runs),
    succeeded: num(r.succeeded),
    noop: num(r.noop),
    failed: num(r.failed),
    pending: num(r.pending),
    fulfilled: num(r.fulfilled),
    split: num(r.split),
    extraParcels: num(r.extra_parcels),
    units: num(r.units),
    partial: num(r.partial),
    notified: num(r.notified),
    notNotified: num(r.not_notified),
    actualCost: num(r.actual_cost),
    requestedCost: num(r.requested_cost),
    adminCalls: num(r.admin_calls),
    moved: num(r.moved),
    averageLeadTimeMs: r.lead === null ? null : Math.round(Number(r.lead)),
    firstAt: num(r.first),
    lastAt: num(r.last),
  }));
}

/** Tracking companies sent and how each was chosen (the step, a rule, detection, none). */
export async function trackingChoices(db: Database, range: AnalyticsRange) {
  const rows = await db.all<{ company: string | null; source: string; n: number }>(sql`
    select r.tracking_company as company, r.tracking_source as source, count(*) as n
    from runs r where ${rangeWhere(range)} and r.tracking_source is not null
    group by r.tracking_company, r.tracking_source order by n desc, company, source`);
  return rows.map((r) => ({ company: r.company === null ? null : String(r.company), source: String(r.source), runs: num(r.n) }));
}

/** The query plans (EXPLAIN QUERY PLAN) of the range over runs, run_locations, one order's runs and both roll-ups, for the test that checks the indexes are used. */
export async function explainAnalytics(db: Database, range: AnalyticsRange): Promise<string[]> {
  const base = sql`select count(*) from runs r where ${rangeWhere(range)}`;
  const locations = sql`select count(*) from run_locations l where l.shop = ${range.shop} and l.at >= ${range.from} and l.at < ${range.to}`;
  const order = sql`select min(n.finished_at) from runs n where n.shop = ${range.shop} and n.order_id = 'x' and n.handle = 'y' and n.finished_at > 0`;
  const { location: _, ...whole } = range;
  const out: string[] = [];
  for (const q of [base, locations, order, ruleGroupsFromDays(whole), locationSharesFromDays(whole)]) {
    const rows = await db.all<{ detail: string }>(sql`explain query plan ${q}`);
    out.push(rows.map((r) => r.detail).join(' | '));
  }
  return out;
}

/** One run of the runs export. */
export interface RunFactsRow {
  id: number;
  handle: string;
  orderId: string | null;
  orderName: string | null;
  status: string;
  errorCode: string | null;
  ruleName: string | null;
  ruleVersion: number | null;
  createdAt: number;
  finishedAt: number | null;
  orderCreatedAt: number | null;
  fulfilledAt: number | null;
  leadTimeMs: number | null;
  fulfillmentCount: number | null;
  unitsFulfilled: number | null;
  moveCount: number | null;
  linesLeft: number | null;
  trackingCompany: string | null;
  trackingSource: string | null;
  notified: boolean | null;
  pendingReason: string | null;
  pendingMs: number | null;
  adminCallCount: number;
  adminActualCost: number;
  durationMs: number | null;
}

/** The range's runs after run id `afterId`, oldest id first, `limit` at most (the export pages by id). */
export async function runFactsPage(db: Database, range: AnalyticsRange, afterId: number, limit: number): Promise<RunFactsRow[]> {
  const rows = await db.all<Record<string, unknown>>(sql`
    select r.id, r.handle, r.order_id, r.order_name, r.status, r.error_code, r.rule_name, r.rule_version, r.created_at,
      r.finished_at, r.order_created_at, r.fulfilled_at, r.lead_time_ms, r.fulfillment_count, r.units_fulfilled, r.move_count,
      r.lines_left, r.tracking_company, r.tracking_source, r.notified, r.pending_reason, r.pending_ms, r.admin_call_count,
      r.admin_actual_cost, r.duration_ms
    from runs r where ${rangeWhere(range)} and r.id > ${afterId} order by r.id limit ${limit}`);
  const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return rows.map((r) => ({
    id: num(r.id),
    handle: String(r.handle),
    orderId: str(r.order_id),
    orderName: str(r.order_name),
    status: String(r.status),
    errorCode: str(r.error_code),
    ruleName: str(r.rule_name),
    ruleVersion: numOrNull(r.rule_version),
    createdAt: num(r.created_at),
    finishedAt: numOrNull(r.finished_at),
    orderCreatedAt: numOrNull(r.order_created_at),
    fulfilledAt: numOrNull(r.fulfilled_at),
    leadTimeMs: numOrNull(r.lead_time_ms),
    fulfillmentCount: numOrNull(r.fulfillment_count),
    unitsFulfilled: numOrNull(r.units_fulfilled),
    moveCount: numOrNull(r.move_count),
    linesLeft: numOrNull(r.lines_left),
    trackingCompany: str(r.tracking_company),
    trackingSource: str(r.tracking_source),
    notified: r.notified === null || r.notified === undefined ? null : Number(r.notified) === 1,
    pendingReason: str(r.pending_reason),
    pendingMs: numOrNull(r.pending_ms),
    adminCallCount: num(r.admin_call_count),
    adminActualCost: num(r.admin_actual_cost),
    durationMs: numOrNull(r.duration_ms),
  }));
}
