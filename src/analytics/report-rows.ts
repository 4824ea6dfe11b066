/**
 * The analytics report as long-format rows (section, dimension, metric, value): one table a
 * spreadsheet pivots, for `GET /api/analytics.csv` and `flowfill report --format csv|table`.
 */
import type { AnalyticsReport } from './report';

export type ReportRow = [section: string, dimension: string, metric: string, value: string | number | null];

export const REPORT_COLUMNS = ['section', 'dimension', 'metric', 'value'] as const;

/** Every figure of the report, in the report's order. */
export function reportRows(report: AnalyticsReport): ReportRow[] {
  const rows: ReportRow[] = [];
  const add = (section: string, dimension: string, values: Record<string, string | number | null>) => {
    for (const [metric, value] of Object.entries(values)) rows.push([section, dimension, metric, value]);
  };
  add('range', 'all', { from: report.range.from, to: report.range.to, action: report.range.action, location: report.range.location });
  add('outcomes', 'all', report.outcomes);
  add('lead_time', 'all', {
    fulfilled_runs: report.lead_time.fulfilled_runs,
    median_ms: report.lead_time.median_ms,
    p90_ms: report.lead_time.p90_ms,
  });
  add('lead_time', 'previous period', { median_ms: report.previous.lead_time_median_ms });
  for (const d of report.lead_time.by_day) add('lead_time_by_day', d.date, { runs: d.runs, median_ms: d.median_ms, p90_ms: d.p90_ms });
  for (const l of report.lead_time.by_location)
    add('lead_time_by_location', l.name, { location_id: l.location_id, runs: l.runs, median_ms: l.median_ms, p90_ms: l.p90_ms });
  for (const l of report.locations) {
    const { name, ...figures } = l;
    add('locations', name, figures);
  }
  add('splits', 'all', report.splits);
  add('moves', 'all', report.moves);
  add('partial', 'all', report.partial);
  for (const w of report.pending) add('pending', w.reason, { runs: w.runs, median_ms: w.median_ms, longest_ms: w.longest_ms });
  for (const r of report.rules) {
    const { action, rule, version, ...figures } = r;
    add('rules', `${action} ${rule === null ? 'built-in default' : `${rule} v${version}`}`, figures);
  }
  for (const t of report.tracking) add('tracking', `${t.company ?? 'none'} (${t.source})`, { runs: t.runs });
  add('notifications', 'all', report.notifications);
  add('admin_api', 'all', report.admin_api);
  return rows;
}
