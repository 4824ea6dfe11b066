/**
 * The analytics figures that are sums, read from the daily roll-ups (`run_days`,
 * `run_location_days`, kept by triggers: drizzle/0005_run_days.sql) instead of every run of the
 * range: a month is ~30 rows per action, rule and location. Each statement returns the same
 * columns as its raw counterpart in analytics-queries.ts, so one mapper serves both.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { AnalyticsRange } from './analytics-queries';

const DAY_MS = 86_400_000;

/**
 * Whether the roll-ups can answer for the range: whole UTC days (as `GET /api/analytics` always asks)
 * and no location filter (a run's location rows are not in `run_days`).
 */
export function rollupsServe(range: AnalyticsRange): boolean {
  return range.location === undefined && range.from % DAY_MS === 0 && range.to % DAY_MS === 0;
}

/** The range's days, shop and action over a roll-up table aliased `d`. */
function dayWhere(range: AnalyticsRange): SQL {
  const parts: SQL[] = [sql`d.shop = ${range.shop}`, sql`d.day >= ${range.from / DAY_MS}`, sql`d.day < ${range.to / DAY_MS}`];
  if (range.action) parts.push(sql`d.handle = ${range.action}`);
  return sql.join(parts, sql` and `);
}

/** Outcomes and figures per action, rule and version: the columns of the raw per-rule statement. */
export function ruleGroupsFromDays(range: AnalyticsRange): SQL {
  return sql`
    select d.handle as handle, nullif(d.rule_name, '') as rule, nullif(d.rule_version, 0) as version, sum(d.runs) as runs,
      sum(d.succeeded) as succeeded, sum(d.noop) as noop, sum(d.failed) as failed, sum(d.pending) as pending,
      sum(d.fulfilled) as fulfilled, sum(d.split) as split, sum(d.extra_parcels) as extra_parcels, sum(d.units) as units,
      sum(d.partial) as partial, sum(d.notified) as notified, sum(d.not_notified) as not_notified,
      sum(d.actual_cost) as actual_cost, sum(d.requested_cost) as requested_cost, sum(d.admin_calls) as admin_calls,
      sum(d.moved) as moved, sum(d.lead_sum) * 1.0 / nullif(sum(d.lead_count), 0) as lead,
      min(d.first_at) as first, max(d.last_at) as last
    from run_days d where ${dayWhere(range)}
    group by d.handle, d.rule_name, d.rule_version order by d.handle, d.rule_name, d.rule_version`;
}

/** Per location shipped from or moved out of / into: the columns of the raw location-shares statement. */
export function locationSharesFromDays(range: AnalyticsRange): SQL {
  return sql`
    select d.location_id as id, max(d.location_name) as name, sum(d.shipped) as orders, sum(d.units) as units,
      sum(d.km_sum) * 1.0 / nullif(sum(d.km_count), 0) as km, sum(d.moves_out) as moves_out, sum(d.units_out) as units_out,
      sum(d.moves_in) as moves_in, sum(d.units_in) as units_in
    from run_location_days d where ${dayWhere(range)}
    group by d.location_id order by orders desc, units desc, d.location_id`;
}

/** Runs with a lead time per location shipped from (k, name, n), most first: the raw per-location count's columns. */
export function shippedLeadCountsFromDays(range: AnalyticsRange): SQL {
  return sql`
    select d.location_id as k, max(d.location_name) as name, sum(d.lead_count) as n from run_location_days d
    where ${dayWhere(range)} group by d.location_id having n > 0 order by n desc, d.location_id`;
}

/** Runs with a lead time per UTC day (d, n), days with none left out: the raw per-day count's columns. */
export function leadDayCountsFromDays(range: AnalyticsRange): SQL {
  return sql`
    select d.day as d, sum(d.lead_count) as n from run_days d where ${dayWhere(range)} group by d.day having n > 0 order by d.day`;
}

/** The shop's runs with a lead time, over all its days (n). */
export function shopLeadCountFromDays(shop: string): SQL {
  return sql`select coalesce(sum(d.lead_count), 0) as n from run_days d where d.shop = ${shop}`;
}

/** The range's runs, fulfilling runs, split runs and runs with a lead time (runs, fulfilled, split, led). */
export function periodCountsFromDays(range: AnalyticsRange): SQL {
  return sql`
    select coalesce(sum(d.runs), 0) as runs, coalesce(sum(d.fulfilled), 0) as fulfilled, coalesce(sum(d.split), 0) as split,
      coalesce(sum(d.lead_count), 0) as led
    from run_days d where ${dayWhere(range)}`;
}
