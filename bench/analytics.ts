/**
 * The analytics API's queries on the embedded database: 100,000 runs of one shop over 90 days, and
 * 1,000,000 spread over 100 shops, generated inside SQLite (a recursive CTE, so the set-up takes
 * seconds). Each sample is the whole report for a 30-day range (what `GET /api/analytics` computes);
 * the baseline, measured in the same run, is one indexed count over the same range.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { analyticsReport } from '../src/analytics/report';
import { explainAnalytics, type AnalyticsRange } from '../src/db/analytics-queries';
import type { Database } from '../src/db/database';
import { migrateDatabase, openDatabase } from '../src/db/node';

const DAY = 86_400_000;
const END = Date.UTC(2026, 11, 1);
const HANDLES = ['fulfill-from-best-location', 'partial-fulfill-ready-items', 'add-tracking'];

export interface AnalyticsScenario {
  name: string;
  runs: number;
  shops: number;
  report_p50_ms: number;
  report_p99_ms: number;
  baseline_p50_ms: number;
  ratio: number;
  runs_in_range: number;
  /** The query plans use the indexes (no full scan of runs or run_locations). */
  indexed: boolean;
}

/** Inserts `runs` runs spread over `shops` shops (shop-0 … shop-(n-1)) and 90 days, with 1–2 location rows each. */
async function generate(db: Database, runs: number, shops: number): Promise<void> {
  const from = END - 90 * DAY;
  await db.run(
    sql.raw(`
    insert into runs (shop, action_run_id, handle, order_id, status, attempts, created_at, updated_at, finished_at,
      admin_call_count, admin_requested_cost, admin_actual_cost, duration_ms, rule_name, rule_version,
      order_created_at, fulfilled_at, lead_time_ms, fulfillment_count, units_fulfilled, move_count, lines_left,
      tracking_company, tracking_source, notified, pending_reason, pending_ms)
    with recursive seq(i) as (select 0 union all select i + 1 from seq where i < ${runs - 1}),
    r as (select i, abs(random()) as x, ${from} + (i * ${Math.floor((90 * DAY) / runs)}) as at from seq)
    select 'shop-' || (i % ${shops}) || '.myshopify.com', 'bench-' || i,
      case x % 3 when 0 then '${HANDLES[0]}' when 1 then '${HANDLES[1]}' else '${HANDLES[2]}' end,
      'gid://shopify/Order/' || (i / 2), case when x % 20 = 0 then 'failed' when x % 11 = 0 then 'noop' else 'succeeded' end,
      1, at, at, at + 500, 2 + x % 3, 600, 60 + x % 40, 40 + x % 200,
      case when x % 4 = 0 then null else 'rule-' || (x % 3) end, case when x % 4 = 0 then null else 1 + x % 2 end,
      at - 3600000 * (1 + x % 48), at + 500, 3600000 * (1 + x % 48) + 500, case when x % 3 = 2 then 0 else 1 + (x % 7 = 0) end,
      1 + x % 5, (x % 5 = 0), case when x % 9 = 0 then 1 else 0 end,
      case when x % 3 = 2 then 'UPS' end, case when x % 3 = 2 then (case x % 2 when 0 then 'detected' else 'property' end) end,
      (x % 2 = 0), case when x % 13 = 0 then 'temporary_hold' when x % 17 = 0 then 'throttled' end,
      case when x % 13 = 0 or x % 17 = 0 then 60000 * (1 + x % 30) end
    from r`),
  );
  await db.run(
    sql.raw(`
    insert into run_locations (run_id, shop, handle, at, location_id, location_name, role, units, distance_km, lead_time_ms)
    select id, shop, handle, finished_at, 'gid://shopify/Location/' || (id % 30), 'Location ' || (id % 30), 'shipped', units_fulfilled, id % 900, lead_time_ms
    from runs where fulfillment_count >= 1
    union all
    select id, shop, handle, finished_at, 'gid://shopify/Location/' || ((id + 7) % 30), 'Location ' || ((id + 7) % 30), 'moved_in', 1, null, null
    from runs where move_count > 0`),
  );
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};

async function scenario(dir: string, name: string, runs: number, shops: number, samples: number): Promise<AnalyticsScenario> {
  const opened = await openDatabase(`file:${join(dir, `${name}.db`)}`);
  try {
    await migrateDatabase(opened.db);
    await generate(opened.db, runs, shops);
    await opened.db.run(sql`analyze`);
    const range: AnalyticsRange = { shop: 'shop-0.myshopify.com', from: END - 30 * DAY, to: END };
    const count = async () =>
      (
        await opened.db.all<{ n: number }>(
          sql`select count(*) as n from runs r where r.shop = ${range.shop} and r.finished_at >= ${range.from} and r.finished_at < ${range.to}`,
        )
      )[0]!.n;
    const inRange = Number(await count());
    const report: number[] = [];
    const baseline: number[] = [];
    await analyticsReport(opened.db, range); // warm the page cache and statement cache
    for (let i = 0; i < samples; i++) {
      let t = performance.now();
      await count();
      baseline.push(performance.now() - t);
      t = performance.now();
      await analyticsReport(opened.db, range);
      report.push(performance.now() - t);
    }
    const plans = await explainAnalytics(opened.db, { ...range, location: 'gid://shopify/Location/3' });
    const indexed = plans.every((p) => /USING (COVERING INDEX|INDEX|PRIMARY KEY)/.test(p) && !/SCAN (r|l|n|d)(?! USING)\b/.test(p));
    const p50 = quantile(report, 0.5);
    const base = quantile(baseline, 0.5);
    return {
      name,
      runs,
      shops,
      report_p50_ms: p50,
      report_p99_ms: quantile(report, 0.99),
      baseline_p50_ms: base,
      ratio: p50 / base,
      runs_in_range: inRange,
      indexed,
    };
  } finally {
    await opened.close();
  }
}

/** Both scenarios, printed as a table; the target is a report p50 ≤ 100 ms for a 30-day range. */
export async function benchAnalytics(options: { full: boolean; dbDir: string }): Promise<AnalyticsScenario[]> {
  const dir = mkdtempSync(join(options.dbDir, 'flowfill-analytics-'));
  const samples = options.full ? 50 : 10;
  try {
    const results = [await scenario(dir, 'one-shop', 100_000, 1, samples), await scenario(dir, 'hundred-shops', 1_000_000, 100, samples)];
    console.log(
      `\nAnalytics API (GET /api/analytics, 30-day range of shop-0, ${samples} samples; baseline: one indexed count of the range)`,
    );
    console.log(
      `  ${'scenario'.padEnd(28)} ${'runs in range'.padStart(13)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'baseline'.padStart(9)} ${'ratio'.padStart(7)}  indexes`,
    );
    for (const r of results)
      console.log(
        `  ${`${r.runs.toLocaleString('en-US')} runs, ${r.shops} shop(s)`.padEnd(28)} ${String(r.runs_in_range).padStart(13)} ${r.report_p50_ms.toFixed(1).padStart(8)} ${r.report_p99_ms.toFixed(1).padStart(8)} ${r.baseline_p50_ms.toFixed(2).padStart(9)} ${r.ratio.toFixed(0).padStart(7)}  ${r.indexed ? 'used' : 'NOT USED'}`,
      );
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
