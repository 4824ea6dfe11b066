/**
 * `GET /api/analytics`, `GET /api/analytics.csv` and `GET /api/runs.csv` (same filters: from, to,
 * action, location): the report as JSON or long-format CSV, and the runs of the range with their
 * facts, streamed page by page (RFC 4180).
 */
import { Hono, type Context } from 'hono';
import { stream } from 'hono/streaming';
import { analyticsQuery, analyticsRange, analyticsReport } from '../analytics/report';
import { csvRecord } from '../analytics/csv';
import { REPORT_COLUMNS, reportRows } from '../analytics/report-rows';
import { RUN_CSV_COLUMNS, runCsvValues } from '../analytics/run-rows';
import { runFactsPage, type AnalyticsRange } from '../db/analytics-queries';
import type { AppDeps } from '../deps';
import type { AdminEnv } from './auth';
import { badQuery } from './query';

/** Runs read per page of the runs export. */
const EXPORT_PAGE = 500;

/** Routes mounted under /api (after session auth). */
export function analyticsRoutes(deps: AppDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const rangeOf = (c: Context<AdminEnv>): AnalyticsRange | Response => {
    const query = analyticsQuery.safeParse(c.req.query());
    if (!query.success) return badQuery(c, query.error);
    const range = analyticsRange(c.get('shop'), query.data, deps.clock.now());
    return typeof range === 'string' ? badQuery(c, range) : range;
  };

  app.get('/analytics', async (c) => {
    const range = rangeOf(c);
    if (range instanceof Response) return range;
    return c.json(await analyticsReport(deps.db, range));
  });

  app.get('/analytics.csv', async (c) => {
    const range = rangeOf(c);
    if (range instanceof Response) return range;
    const rows = reportRows(await analyticsReport(deps.db, range));
    csvHeaders(c, `flowfill-analytics-${fileRange(range)}.csv`);
    return c.body([REPORT_COLUMNS, ...rows].map(csvRecord).join(''));
  });

  app.get('/runs.csv', async (c) => {
    const range = rangeOf(c);
    if (range instanceof Response) return range;
    csvHeaders(c, `flowfill-runs-${fileRange(range)}.csv`);
    // Page by page: a range may hold many thousands of runs, never all in memory at once.
    return stream(c, async (out) => {
      await out.write(csvRecord(RUN_CSV_COLUMNS));
      let after = 0;
      for (;;) {
        const page = await runFactsPage(deps.db, range, after, EXPORT_PAGE);
        if (page.length > 0) await out.write(page.map((r) => csvRecord(runCsvValues(r))).join(''));
        if (page.length < EXPORT_PAGE) break;
        after = page[page.length - 1]!.id;
      }
    });
  });
  return app;
}

function csvHeaders(c: Context, filename: string) {
  c.header('Content-Type', 'text/csv; charset=utf-8; header=present');
  c.header('Content-Disposition', `attachment; filename="${filename}"`);
}

function fileRange(range: AnalyticsRange): string {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return `${day(range.from)}_${day(range.to - 86_400_000)}`;
}
