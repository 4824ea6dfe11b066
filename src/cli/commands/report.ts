/** `flowfill report`: a shop's fulfillment analytics over a range of days, as a table, CSV or JSON. */
import { CliError, defineCommand, EXIT_OK } from '../command';
import { parseShopDomain } from '../values';

const FORMATS = ['table', 'csv', 'json'] as const;

export const reportCommand = defineCommand({
  name: 'report',
  summary:
    "Show a shop's fulfillment analytics (lead times, locations, splits, rules, carriers, waits, Admin API points) for a range of days.",
  usage: '--shop <shop> [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--action <handle>] [--location <gid>] [--format table|csv|json]',
  positionals: [],
  options: {
    shop: { type: 'string', required: true, value: '<shop>', description: 'The shop, e.g. example.myshopify.com.' },
    from: { type: 'string', value: '<YYYY-MM-DD>', description: 'First day (UTC), included (default: 30 days before --to).' },
    to: { type: 'string', value: '<YYYY-MM-DD>', description: 'Last day (UTC), included (default: today).' },
    action: { type: 'string', value: '<handle>', description: 'Only runs of this action.' },
    location: { type: 'string', value: '<gid>', description: 'Only runs that shipped from or moved units out of / into this location.' },
    format: { type: 'string', value: '<format>', description: 'table (default), csv (RFC 4180, like GET /api/analytics.csv) or json.' },
  },
  details: ['Example:', '  npx flowfill report --shop example.myshopify.com --from 2026-11-01 --to 2026-11-30 --format csv'],
  async run({ options }, ctx) {
    const shop = parseShopDomain(options.shop);
    const format = options.format ?? 'table';
    if (!(FORMATS as readonly string[]).includes(format)) throw new CliError(`--format must be one of ${FORMATS.join(', ')}`);
    // Loaded here, not at the top: they are slow to load and `--help` should not wait for them.
    const { analyticsQuery, analyticsRange, analyticsReport } = await import('../../analytics/report');
    const query = analyticsQuery.safeParse({
      ...(options.from !== undefined ? { from: options.from } : {}),
      ...(options.to !== undefined ? { to: options.to } : {}),
      ...(options.action !== undefined ? { action: options.action } : {}),
      ...(options.location !== undefined ? { location: options.location } : {}),
    });
    if (!query.success) throw new CliError(query.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
    const range = analyticsRange(shop, query.data, ctx.now());
    if (typeof range === 'string') throw new CliError(range.replace(/^(from|to):/, '--$1:'));
    const { cliConfig, describeDatabase, isMissingFile, withDatabase } = await import('../database');
    const config = cliConfig(ctx.env);
    if (isMissingFile(config.DATABASE_URL)) {
      throw new CliError(
        `no database at ${describeDatabase(config.DATABASE_URL, { absolute: true })} yet: start the server once with \`npm start\`, or run \`npx flowfill db migrate\``,
      );
    }
    const report = await withDatabase(config, {}, (db) => analyticsReport(db, range));
    if (format === 'json') {
      ctx.out(JSON.stringify(report, null, 2));
      return EXIT_OK;
    }
    const { REPORT_COLUMNS, reportRows } = await import('../../analytics/report-rows');
    const rows = reportRows(report);
    if (format === 'csv') {
      const { csvRecord } = await import('../../analytics/csv');
      ctx.out([REPORT_COLUMNS, ...rows].map(csvRecord).join('').replace(/\r\n$/, ''));
      return EXIT_OK;
    }
    ctx.out(`Fulfillment analytics for ${shop}, ${report.range.from} to ${report.range.to} (${report.outcomes.runs} runs):`);
    ctx.out('');
    const cells = rows.map((r) => r.map((v) => (v === null ? '-' : String(v))));
    const { columnLine } = await import('../format-runs');
    const line = columnLine(REPORT_COLUMNS, cells);
    ctx.out([line(REPORT_COLUMNS), ...cells.map(line)].join('\n'));
    return EXIT_OK;
  },
});
